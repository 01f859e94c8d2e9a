"""The bulletin board's JSON (issue 13, item 5): building it and its deterministic bytes.

Pure Python, no Django: the server builds the bulletin with these functions from its rows,
`python -m voting.verifier` reads it back. docs/ballot.md documents every field.
"""

import hashlib
import json
import math
from decimal import Decimal
from types import SimpleNamespace

from voting import ballot_crypto as bc
from voting.results import decide

FORMAT = "thidua-bulletin-v1"
# "Never over one or two" (issue 13, item 7): a count over so few ballots shows each choice,
# whichever way the voting ended (units abstaining on a question about themselves can leave
# one or two voters even when every present unit took part).
MIN_BALLOTS = 3


def bulletin_to_bytes(bulletin: dict) -> bytes:
    """Byte-for-byte deterministic: keys sorted, no spaces, UTF-8, one final newline.
    Ballots are listed in tracker order (never in casting order, which would link them to
    who cast them when)."""
    text = json.dumps(bulletin, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return text.encode("utf-8") + b"\n"


def bulletin_sha256(bulletin: dict) -> str:
    return hashlib.sha256(bulletin_to_bytes(bulletin)).hexdigest()


def early_close_minimum(members: int, quorum: Decimal) -> int:
    """Ballots needed before the head may end the voting early (issue 13, item 7):
    ⌈quorum × member units⌉, and never one or two (a count over so few shows each choice)."""
    return max(MIN_BALLOTS, math.ceil(Decimal(quorum) * members))


def closing_refusal(*, units_voted, abstaining_units, present_units, closed_early: bool,
                    members: int, quorum: Decimal) -> str | None:
    """Why this question may not be counted yet, or None. The server, the board's browsers
    (static/src/ballot/bulletin.js) and the verifier apply the same rule."""
    voted, abstaining, present = set(units_voted), set(abstaining_units), set(present_units)
    if voted & abstaining:
        return "a unit both voted and declared it abstains"
    if not members or Decimal(len(present)) / members < Decimal(quorum):
        # As voting/selectors.quorum_reached: a server listing only some units as present
        # must not shrink the count.
        return f"{len(present)} of {members} member units present: the quorum is not reached"
    if closed_early:
        minimum = early_close_minimum(members, quorum)
        if len(voted) < minimum:
            return f"ended early with {len(voted)} ballots, fewer than {minimum}"
        return None
    if voted | abstaining != present:
        return "not every present unit has voted or declared it abstains"
    if len(voted) < MIN_BALLOTS:
        return f"only {len(voted)} ballots: a count over fewer than {MIN_BALLOTS} shows each choice"
    return None


def board_entry(member: str, share: bytes, proof: bc.SchnorrProof) -> dict:
    return {"member": member, "public_share": share.hex(), "proof": bc.schnorr_to_json(proof)}


def ballot_entry(question: bc.Question, ballot: bc.Ballot) -> dict:
    return {**bc.ballot_to_json(ballot), "tracker": bc.tracker(question, ballot)}


def decide_result(candidates, counts, *, members: int, ballots: int, quota: int,
                  threshold: Decimal, strictly_above: bool) -> dict:
    """The result by the rules of voting/results.py: thresholds on ALL member units, at most
    `quota` elected, a tie across the cut-off sends the tied candidates to a run-off."""
    rules = SimpleNamespace(quota=quota, threshold=threshold, strictly_above=strictly_above)
    outcome = decide(rules, list(zip(candidates, counts, strict=True)), members, ballots)
    return {"elected": sorted(outcome.elected), "runoff": sorted(outcome.tied)}


def tally_entry(question: bc.Question, ballots, partials, *, members: int,
                threshold: Decimal, strictly_above: bool) -> dict:
    """The close: sums, partial decryptions (all members'), counts and result."""
    sums = bc.sum_ballots(ballots, len(question.candidates))
    counts = bc.read_counts(sums, partials, len(ballots))
    return {"sums": [bc.ciphertext_to_json(ct) for ct in sums],
            "partial_decryptions": [bc.partial_to_json(p) for p in partials],
            "counts": list(counts),
            "result": decide_result(question.candidates, counts, members=members,
                                    ballots=len(ballots), quota=question.quota,
                                    threshold=threshold, strictly_above=strictly_above)}


def question_entry(question: bc.Question, ballots, *, threshold: Decimal, strictly_above: bool,
                   tally: dict | None = None, abstaining_units=(),
                   closed_early: bool = False) -> dict:
    """abstaining_units: units that declared they abstain (a question about themselves);
    closed_early: the head ended the voting before every present unit had voted."""
    entries = sorted((ballot_entry(question, b) for b in ballots), key=lambda e: e["tracker"])
    return {"question": question.question, "round": question.round,
            "candidates": list(question.candidates), "quota": question.quota,
            "threshold": str(threshold), "strictly_above": strictly_above,
            "abstaining_units": sorted(abstaining_units), "closed_early": closed_early,
            "ballots": entries, "tally": tally}


def bulletin(*, session: str, members: int, quorum: Decimal, present_units, board,
             election_key: bytes, questions) -> dict:
    """board: [board_entry(...)], questions: [question_entry(...)]."""
    return {"format": FORMAT, "session": session, "members": members, "quorum": str(quorum),
            "present_units": sorted(present_units), "board": list(board),
            "election_key": election_key.hex(), "questions": list(questions)}
