"""A verifier anyone can run on a published bulletin (issue 13, item 6):

    python -m voting.verifier BULLETIN.json

Pure Python on pysodium, no Django. Runs every check in CHECKS, in order, and exits 0 when all
hold; otherwise prints and exits 1 with the name of the first check that failed (2 when the
file cannot be read as a bulletin at all). docs/ballot.md describes the format and the checks.
"""

import hashlib
import json
import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from voting import ballot_crypto as bc
from voting.bulletin import FORMAT, bulletin_to_bytes, closing_refusal, decide_result

CHECKS = ("format", "share_proofs", "election_key", "trackers", "ballot_proofs",
          "one_ballot_per_unit", "closing", "unique_alpha", "sums", "partial_decryptions", "counts",
          "result")


class CheckFailed(Exception):
    def __init__(self, check: str, detail: str):
        self.check, self.detail = check, detail
        super().__init__(f"{check}: {detail}")


@dataclass
class Tally:
    sums: list
    partials: list
    counts: list
    result: dict


@dataclass
class QuestionBoard:
    params: bc.Question
    threshold: Decimal
    strictly_above: bool
    ballots: list  # [(Ballot, published tracker)]
    tally: Tally | None
    abstaining_units: list
    closed_early: bool


@dataclass
class Bulletin:
    format: str
    session: str
    members: int
    quorum: Decimal
    present_units: list
    board: list  # [(member, public share, SchnorrProof)]
    election_key: bytes
    questions: list


# ---------------------------------------------------------------------------------------------
# Reading: anything malformed is a "format" failure, never a traceback.

def _int(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {value!r}")
    return value


def _bool(value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _str(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def _share(value) -> Decimal:
    """A quorum or threshold: a finite decimal between 0 and 1 (NaN or Infinity would make
    the closing rule or the result rules raise instead of failing a check)."""
    share = Decimal(_str(value))
    if not share.is_finite() or not 0 <= share <= 1:
        raise ValueError(f"expected a share between 0 and 1, got {value!r}")
    return share


def _tally(data) -> Tally | None:
    if data is None:
        return None
    return Tally([bc.ciphertext_from_json(c) for c in data["sums"]],
                 [bc.partial_from_json(p) for p in data["partial_decryptions"]],
                 [_int(c) for c in data["counts"]],
                 {"elected": [_str(c) for c in data["result"]["elected"]],
                  "runoff": [_str(c) for c in data["result"]["runoff"]]})


def _question(data, session: str, key: bytes) -> QuestionBoard:
    params = bc.Question(session, _str(data["question"]), _int(data["round"]), key,
                         tuple(_str(c) for c in data["candidates"]), _int(data["quota"]))
    ballots = [(bc.ballot_from_json(b), _str(b["tracker"])) for b in data["ballots"]]
    return QuestionBoard(params, _share(data["threshold"]), _bool(data["strictly_above"]),
                         ballots, _tally(data["tally"]),
                         [_str(u) for u in data["abstaining_units"]], _bool(data["closed_early"]))


def parse(data: dict) -> Bulletin:
    try:
        session = _str(data["session"])
        key = bc._bytes32(data["election_key"])
        board = [(_str(m["member"]), bc._bytes32(m["public_share"]),
                  bc.schnorr_from_json(m["proof"])) for m in data["board"]]
        return Bulletin(_str(data["format"]), session, _int(data["members"]),
                        _share(data["quorum"]), [_str(u) for u in data["present_units"]],
                        board, key,
                        [_question(q, session, key) for q in data["questions"]])
    except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation) as error:
        raise CheckFailed("format", f"the bulletin cannot be read: {error!r}") from None


# ---------------------------------------------------------------------------------------------
# The checks. Each raises CheckFailed(its name, detail) or returns None.

def check_format(b: Bulletin) -> None:
    if b.format != FORMAT:
        raise CheckFailed("format", f"unknown format {b.format!r}, expected {FORMAT!r}")
    if b.members < 1 or not b.board or len({m for m, _, _ in b.board}) != len(b.board):
        raise CheckFailed("format", "no member units, no board, or a board member twice")
    for q in b.questions:
        p = q.params
        if p.round < 1 or not 0 <= p.quota <= len(p.candidates) \
                or len(set(p.candidates)) != len(p.candidates):
            raise CheckFailed("format", f"question {p.question}: bad round, quota or candidates")


def check_share_proofs(b: Bulletin) -> None:
    for member, share, proof in b.board:
        try:
            bc.verify_share(b.session, member, share, proof)
        except bc.InvalidProof as error:
            raise CheckFailed("share_proofs", f"member {member}: {error}") from None


def check_election_key(b: Bulletin) -> None:
    try:
        key = bc.combine_key([share for _, share, _ in b.board])
    except (bc.InvalidProof, ValueError) as error:
        raise CheckFailed("election_key", str(error)) from None
    if key != b.election_key:
        raise CheckFailed("election_key", "the election key is not the sum of the board's shares")


def _ballots(b: Bulletin):
    for q in b.questions:
        for ballot, published in q.ballots:
            yield q, ballot, published


def check_trackers(b: Bulletin) -> None:
    for q, ballot, published in _ballots(b):
        try:
            computed = bc.tracker(q.params, ballot)
        except (ValueError, OverflowError):
            computed = None
        if computed != published:
            raise CheckFailed("trackers", f"question {q.params.question}, unit {ballot.unit}: "
                                          "the tracker is not the SHA-256 of the ballot")


def check_ballot_proofs(b: Bulletin) -> None:
    for q, ballot, published in _ballots(b):
        try:
            bc.verify_ballot(q.params, ballot)
        except bc.InvalidProof as error:
            raise CheckFailed("ballot_proofs", f"question {q.params.question}, unit "
                                               f"{ballot.unit}, tracker {published[:16]}: "
                                               f"{error}") from None


def check_one_ballot_per_unit(b: Bulletin) -> None:
    present = set(b.present_units)
    for q in b.questions:
        units = [ballot.unit for ballot, _ in q.ballots]
        if len(set(units)) != len(units):
            raise CheckFailed("one_ballot_per_unit", f"question {q.params.question}: "
                                                     "a unit has two ballots")
        if not set(units) <= present:
            raise CheckFailed("one_ballot_per_unit", f"question {q.params.question}: "
                                                     "a ballot from a unit not present")


def check_closing(b: Bulletin) -> None:
    for q in b.questions:
        # Only a unit the question is about (a candidate), present, may abstain on it: a
        # server listing others as abstaining would count before they voted.
        outsiders = sorted(set(q.abstaining_units) - set(q.params.candidates))
        if outsiders:
            raise CheckFailed("closing", f"question {q.params.question}: units abstaining that "
                                         f"are not candidates: {', '.join(outsiders)}")
        absent = sorted(set(q.abstaining_units) - set(b.present_units))
        if absent:
            raise CheckFailed("closing", f"question {q.params.question}: units abstaining that "
                                         f"are not present: {', '.join(absent)}")
    for q in _tallied(b):
        refusal = closing_refusal(
            units_voted=[ballot.unit for ballot, _ in q.ballots],
            abstaining_units=q.abstaining_units, present_units=b.present_units,
            closed_early=q.closed_early, members=b.members, quorum=b.quorum)
        if refusal:
            raise CheckFailed("closing", f"question {q.params.question} was counted, but {refusal}")


def check_unique_alpha(b: Bulletin) -> None:
    seen = set()
    for q, ballot, _ in _ballots(b):
        for ct in ballot.ciphertexts:
            if ct.alpha in seen:
                raise CheckFailed("unique_alpha", f"question {q.params.question}, unit "
                                                  f"{ballot.unit}: α already on the board")
            seen.add(ct.alpha)


def _tallied(b: Bulletin):
    return [q for q in b.questions if q.tally is not None]


def check_sums(b: Bulletin) -> None:
    for q in _tallied(b):
        computed = bc.sum_ballots([ballot for ballot, _ in q.ballots], len(q.params.candidates))
        if list(computed) != q.tally.sums:
            raise CheckFailed("sums", f"question {q.params.question}: the sums are not the sums "
                                      "of the ballots on the board")


def check_partial_decryptions(b: Bulletin) -> None:
    shares = {member: share for member, share, _ in b.board}
    for q in _tallied(b):
        members = [p.member for p in q.tally.partials]
        if sorted(members) != sorted(shares):
            raise CheckFailed("partial_decryptions", f"question {q.params.question}: not one "
                                                     "partial decryption per board member")
        for partial in q.tally.partials:
            try:
                bc.verify_partial(q.params, shares[partial.member], q.tally.sums, partial)
            except bc.InvalidProof as error:
                raise CheckFailed("partial_decryptions", f"question {q.params.question}: "
                                                         f"{error}") from None


def check_counts(b: Bulletin) -> None:
    for q in _tallied(b):
        try:
            counts = list(bc.read_counts(q.tally.sums, q.tally.partials, len(q.ballots)))
        except (bc.InvalidProof, ValueError, IndexError) as error:
            raise CheckFailed("counts", f"question {q.params.question}: {error}") from None
        if counts != q.tally.counts:
            raise CheckFailed("counts", f"question {q.params.question}: published {q.tally.counts},"
                                        f" decrypted {counts}")


def check_result(b: Bulletin) -> None:
    for q in _tallied(b):
        p = q.params
        expected = decide_result(p.candidates, q.tally.counts, members=b.members,
                                 ballots=len(q.ballots), quota=p.quota, threshold=q.threshold,
                                 strictly_above=q.strictly_above)
        published = {k: sorted(v) for k, v in q.tally.result.items()}
        if published != expected:
            raise CheckFailed("result", f"question {p.question}: published {published}, the "
                                        f"rules give {expected}")


def verify_bulletin(data: dict) -> list[str]:
    """Runs every check; returns their names when all hold, raises CheckFailed otherwise."""
    bulletin = parse(data)
    module = sys.modules[__name__]
    for name in CHECKS:
        getattr(module, f"check_{name}")(bulletin)
    return list(CHECKS)


def _canonical(data) -> bytes | None:
    try:
        return bulletin_to_bytes(data)
    except ValueError:  # a lone surrogate in a field no check reads
        return None


def _say(text: str) -> None:
    # A bulletin may hold a lone surrogate (valid JSON, not valid UTF-8): show it escaped
    # rather than crash while naming the failed check.
    print(text.encode("utf-8", "backslashreplace").decode("utf-8"))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m voting.verifier BULLETIN.json", file=sys.stderr)
        return 2
    try:
        with open(argv[0], "rb") as handle:
            raw = handle.read()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        _say(f"FAILED format: cannot read {argv[0]}: {error}")
        return 2
    try:
        checks = verify_bulletin(data)
    except CheckFailed as failure:
        _say(f"FAILED {failure.check}: {failure.detail}")
        return 1
    for name in checks:
        print(f"ok {name}")
    for question in data["questions"]:
        tally = question["tally"]
        state = (f"counted {dict(zip(question['candidates'], tally['counts'], strict=True))}, "
                 f"elected {tally['result']['elected']}, run-off {tally['result']['runoff']}"
                 if tally else "voting open, not counted")
        _say(f"question {question['question']} round {question['round']}: "
             f"{len(question['ballots'])} ballots, {state}")
    print(f"bulletin sha256: {hashlib.sha256(raw).hexdigest()}")
    if _canonical(data) != raw:
        print("note: the file is not in the canonical serialisation (bulletin_to_bytes)")
    print("all checks hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
