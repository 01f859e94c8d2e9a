"""Writes tests/vectors/ballot-v1.json: known answers (fixed randomness, the hex of every value)
and negative bulletins, for pytest (voting/ballot_crypto.py) and node --test
(static/src/ballot/crypto.js) alike.

    .venv/bin/python scripts/make_ballot_vectors.py [--check]

--check exits non-zero when the committed file differs from what this script produces.
Every random draw comes from deterministic_rng(b"thidua-vector/" + label); the labels are in
the file so that the browser code can replay each step.
"""

import copy
import hashlib
import json
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from voting import ballot_crypto as bc  # noqa: E402
from voting import bulletin as bb  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "tests" / "vectors" / "ballot-v1.json"

# RFC 9496, Appendix A.1 (encodings of 0·B … 15·B) and A.2 (invalid encodings), verbatim.
RFC9496_MULTIPLES = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
    "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
    "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
    "da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
    "e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
    "f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403",
    "44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d",
    "903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c",
    "02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031",
    "20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f",
    "bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42",
    "e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460",
    "aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f",
    "46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e",
    "e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e",
]
RFC9496_INVALID = [
    # Non-canonical field encodings.
    "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    # Negative field elements.
    "0100000000000000000000000000000000000000000000000000000000000000",
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
    "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
    "c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
    "47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
    "f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
    "87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
    # Non-square x².
    "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
    "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
    "de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
    "bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
    "2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
    "f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
    "8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
    "2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
    # Negative x·y.
    "3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
    "a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
    "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
    "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
    "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
    "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
    "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
    "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
    # s = −1, which causes y = 0.
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
]

SESSION = "S-2026-ctd07"
MEMBERS = 5  # member units of the cluster: the base of every threshold
QUORUM = Decimal("0.5")
PRESENT = ["U1", "U2", "U3", "U4"]
BOARD = ["M1", "M2", "M3"]
QUESTIONS = [
    # (id, round, candidates, quota, threshold, strictly_above, {unit: choices})
    ("Q1", 1, ("A1", "A2", "A3"), 2, Decimal("0.5"), False,
     {"U1": [1, 1, 0], "U2": [1, 0, 0], "U3": [0, 0, 0], "U4": [1, 0, 1]}),
    ("Q2", 1, ("B1", "B2", "B3"), 1, Decimal("0.3"), False,
     {"U1": [1, 0, 0], "U2": [0, 1, 0], "U3": [1, 0, 0], "U4": [0, 1, 0]}),
]


def rng(label: str):
    return bc.deterministic_rng(b"thidua-vector/" + label.encode())


def share_seed(member: str) -> bytes:
    return hashlib.sha256(b"thidua-vector/share-seed/" + member.encode()).digest()[:16]


class World:
    """The board, the questions and their ballots as objects, rebuilt into bulletins."""

    def __init__(self):
        self.secrets = {m: bc.share_secret(share_seed(m)) for m in BOARD}
        self.shares = {m: bc.public_share(x) for m, x in self.secrets.items()}
        self.proofs = {m: bc.prove_share(SESSION, m, x, rng(f"share-proof/{m}"))
                       for m, x in self.secrets.items()}
        self.key = bc.combine_key([self.shares[m] for m in BOARD])
        self.params, self.rules, self.ballots = {}, {}, {}
        for qid, rnd, candidates, quota, threshold, strictly, votes in QUESTIONS:
            q = bc.Question(SESSION, qid, rnd, self.key, candidates, quota)
            self.params[qid], self.rules[qid] = q, (threshold, strictly)
            self.ballots[qid] = [bc.encrypt_ballot(q, unit, choices, rng(f"ballot/{qid}/{unit}"))
                                 for unit, choices in votes.items()]

    def partials(self, qid, sums):
        q = self.params[qid]
        return [bc.partial_decrypt(q, m, self.secrets[m], sums, rng(f"decrypt/{qid}/{m}"))
                for m in BOARD]

    def tally(self, qid, ballots, sums=None, partials=None, counts=None):
        q = self.params[qid]
        threshold, strictly = self.rules[qid]
        sums = bc.sum_ballots(ballots, len(q.candidates)) if sums is None else sums
        partials = self.partials(qid, sums) if partials is None else partials
        counts = bc.read_counts(sums, partials, len(ballots)) if counts is None else counts
        return {"sums": [bc.ciphertext_to_json(ct) for ct in sums],
                "partial_decryptions": [bc.partial_to_json(p) for p in partials],
                "counts": list(counts),
                "result": bb.decide_result(q.candidates, counts, members=MEMBERS,
                                           ballots=len(ballots), quota=q.quota,
                                           threshold=threshold, strictly_above=strictly)}

    def bulletin(self, ballots=None, tallies=None, proofs=None, key=None, params=None,
                 closing=None):
        """closing: {question: (abstaining units, closed early)}, by default all voted."""
        closing = closing or {}
        ballots = ballots or self.ballots
        tallies = tallies or {}
        params = params or self.params
        questions = []
        for qid, q in params.items():
            threshold, strictly = self.rules[qid]
            tally = tallies.get(qid) or (self.tally(qid, ballots[qid]) if key is None else None)
            abstaining, early = closing.get(qid, ((), False))
            questions.append(bb.question_entry(q, ballots[qid], threshold=threshold,
                                               strictly_above=strictly, tally=tally,
                                               abstaining_units=abstaining, closed_early=early))
        proofs = proofs or self.proofs
        board = [bb.board_entry(m, self.shares[m], proofs[m]) for m in BOARD]
        return bb.bulletin(session=SESSION, members=MEMBERS, quorum=QUORUM,
                           present_units=PRESENT, board=board, election_key=key or self.key,
                           questions=questions)


def forged_enc2(q: bc.Question, unit: str, draw) -> bc.Ballot:
    """Enc(2, 0, 0) with every branch simulated: all equations hold, only the challenge does
    not come from the hash (catches a verifier that checks nothing)."""
    votes = [2] + [0] * (len(q.candidates) - 1)
    rs = [draw() for _ in votes]
    cts = [bc.Ciphertext(bc._base(r), bc._add(bc._mul(r, q.election_key), bc._base(v)))
           for r, v in zip(rs, votes, strict=True)]

    def simulated(ct, branches):
        prover = bc._OrProver(q.election_key, ct, -1, 0, branches, draw)  # -1: no true branch
        return bc.OrProof(tuple(prover.commitments),
                          tuple(prover.challenges[j] for j in range(branches)),
                          tuple(prover.responses[j] for j in range(branches)))

    return bc.Ballot(unit, tuple(cts), tuple(simulated(ct, 2) for ct in cts),
                     simulated(bc.add_ciphertexts(cts), q.quota + 1))


def over_quota(q: bc.Question, unit: str, choices, draw) -> bc.Ballot:
    """Honest 0/1 proofs, but the sum proof claims 1 for a sum of 2: the challenges add up,
    the claimed branch's equation does not."""
    rs = [draw() for _ in choices]
    cts = [bc.encrypt(q.election_key, v, r) for v, r in zip(choices, rs, strict=True)]
    provers = [bc._OrProver(q.election_key, ct, v, r, 2, draw)
               for ct, v, r in zip(cts, choices, rs, strict=True)]
    provers.append(bc._OrProver(q.election_key, bc.add_ciphertexts(cts), q.quota,
                                sum(rs) % bc.L, q.quota + 1, draw))
    commitments = [pair for p in provers for pair in p.commitments]
    challenge = bc.hash_to_scalar(bc._ballot_transcript(q, unit, cts, commitments))
    proofs = [p.finish(challenge) for p in provers]
    return bc.Ballot(unit, tuple(cts), tuple(proofs[:-1]), proofs[-1])


def rerandomised(q: bc.Question, ballot: bc.Ballot, unit: str, r2: int) -> bc.Ballot:
    """Another unit's ballot re-randomised (α + r′G, β + r′Y) with its proofs adapted
    (s + c·r′): every equation still holds, the hash no longer matches."""
    key = q.election_key
    cts = tuple(bc.Ciphertext(bc._add(ct.alpha, bc._base(r2)), bc._add(ct.beta, bc._mul(r2, key)))
                for ct in ballot.ciphertexts)

    def adapt(proof, shift):
        return bc.OrProof(proof.commitments, proof.challenges,
                          tuple((s + c * shift) % bc.L
                                for c, s in zip(proof.challenges, proof.responses, strict=True)))

    n = len(cts)
    return bc.Ballot(unit, cts, tuple(adapt(p, r2) for p in ballot.choice_proofs),
                     adapt(ballot.quota_proof, n * r2 % bc.L))


def zero_first(draw):
    first = [True]

    def wrapped():
        if first[0]:
            first[0] = False
            return 0
        return draw()

    return wrapped


def with_ballot(world, qid, index, ballot):
    ballots = copy.copy(world.ballots)
    ballots[qid] = list(ballots[qid])
    if index is None:
        ballots[qid].append(ballot)
    else:
        ballots[qid][index] = ballot
    return ballots


def negatives(world: World) -> list[dict]:
    q1, q2 = world.params["Q1"], world.params["Q2"]
    b1 = world.ballots["Q1"]
    out = []

    def add(name, description, verifier_check, bulletin, server=None):
        entry = {"name": name, "description": description, "verifier_check": verifier_check,
                 "bulletin": bulletin}
        if server:
            entry["server"] = server
        out.append(entry)

    def ballot_case(name, description, qid, index, ballot, server_check, verifier_check):
        ballots = with_ballot(world, qid, index, ballot)
        others = [ct.alpha for q, bs in ballots.items() for b in bs if b is not ballot
                  for ct in b.ciphertexts]
        add(name, description, verifier_check, world.bulletin(ballots=ballots),
            {"kind": "ballot", "question": qid, "ballot": bc.ballot_to_json(ballot),
             "board_alphas": sorted(a.hex() for a in others), "check": server_check})

    ballot_case("simulated_enc2", "Enc(2) for A1, every branch simulated: the challenges are "
                "not the transcript hash", "Q1", 3, forged_enc2(q1, "U4", rng("neg/enc2")),
                "challenge", "ballot_proofs")
    ballot_case("unit_swapped", "U1's ballot cast again as U2's", "Q1", 1,
                bc.Ballot("U2", b1[0].ciphertexts, b1[0].choice_proofs, b1[0].quota_proof),
                "challenge", "ballot_proofs")
    ballot_case("rerandomised_copy", "U1's ballot re-randomised, proofs adapted, cast as U2's",
                "Q1", 1, rerandomised(q1, b1[0], "U2", rng("neg/rerandomise")()),
                "challenge", "ballot_proofs")
    other = bc.Question(SESSION, "Q1-2025", 1, world.key, q1.candidates, q1.quota)
    ballot_case("other_question", "a valid ballot for another question (same candidates)",
                "Q1", 3, bc.encrypt_ballot(other, "U4", [1, 0, 1], rng("neg/other-question")),
                "challenge", "ballot_proofs")
    ballot_case("two_ones_quota_1", "two 1s under quota 1: the sum proof claims 1",
                "Q2", 2, over_quota(q2, "U3", [1, 1, 0], rng("neg/over-quota")),
                "quota_proof", "ballot_proofs")
    honest = b1[0]
    first = honest.choice_proofs[0]
    plus_l = bc.OrProof(first.commitments, first.challenges,
                        (first.responses[0] + bc.L, *first.responses[1:]))
    ballot_case("scalar_plus_l", "a response s replaced by s + L (libsodium reads it as s)",
                "Q1", 0, bc.Ballot(honest.unit, honest.ciphertexts,
                                   (plus_l, *honest.choice_proofs[1:]), honest.quota_proof),
                "scalar_canonical", "ballot_proofs")
    ballot_case("alpha_identity", "r = 0 for A1: α is the identity and β shows the vote",
                "Q1", 2, bc.encrypt_ballot(q1, "U3", [0, 0, 0],
                                           zero_first(rng("neg/alpha-identity"))),
                "alpha_identity", "ballot_proofs")
    ballot_case("repeated_randomness", "U4's ballot drawn with U1's randomness: its α repeat "
                "U1's (a broken random generator would leak both votes)", "Q1", 3,
                bc.encrypt_ballot(q1, "U4", [1, 0, 1], rng("ballot/Q1/U1")),
                "unique_alpha", "unique_alpha")
    add("double_vote", "U1 casts a second valid ballot", "one_ballot_per_unit",
        world.bulletin(ballots=with_ballot(world, "Q1", None, bc.encrypt_ballot(
            q1, "U1", [0, 0, 1], rng("neg/double-vote")))))

    # The close.
    three = [b1[0], b1[2], b1[3]]
    add("counted_before_all_voted", "Q1 counted while U2 had not voted and the voting was not "
        "ended early", "closing", world.bulletin(ballots={**world.ballots, "Q1": three}))
    two = [b1[0], b1[3]]
    add("early_close_below_minimum", "Q1 ended early and counted after 2 ballots (the minimum "
        "is 3)", "closing", world.bulletin(ballots={**world.ballots, "Q1": two},
                                           closing={"Q1": ((), True)}))
    add("abstained_and_voted", "U3 declared it abstains on Q1 and its ballot was counted",
        "closing", world.bulletin(closing={"Q1": (("U3",), False)}))
    sums = bc.sum_ballots(b1, 3)
    partials = world.partials("Q1", sums)
    d = partials[1]
    doctored = bc.PartialDecryption(d.member, (bc._add(d.factors[0], bc.G), *d.factors[1:]),
                                    d.commitments, d.responses)
    bad = [partials[0], doctored, partials[2]]
    add("partial_plus_g", "M2's decryption factor D + G for A1: A1's count drops by one "
        "(counts and result recomputed to match)", "partial_decryptions",
        world.bulletin(tallies={"Q1": world.tally("Q1", b1, sums, bad)}),
        {"kind": "partial", "question": "Q1", "member": "M2",
         "sums": [bc.ciphertext_to_json(ct) for ct in sums],
         "partial": bc.partial_to_json(doctored), "check": "decryption_proof"})
    honest_counts = bc.read_counts(sums, partials, len(b1))
    off = (honest_counts[0], honest_counts[1] + 1, *honest_counts[2:])
    add("count_off_by_one", "A2's count published one higher (result recomputed to match)",
        "counts", world.bulletin(tallies={"Q1": world.tally("Q1", b1, sums, partials, off)}))
    dropped = [b1[0], b1[2], b1[3]]
    resummed = bc.sum_ballots(dropped, 3)
    tally = world.tally("Q1", b1, sums, partials)
    tally["sums"] = [bc.ciphertext_to_json(ct) for ct in resummed]
    ballots = {**world.ballots, "Q1": dropped}
    add("dropped_ballot", "U2's ballot dropped, the sums re-summed without it, the decryptions "
        "and counts kept, the voting declared ended early", "partial_decryptions",
        world.bulletin(ballots=ballots, tallies={"Q1": tally}, closing={"Q1": ((), True)}))
    fake = list(sums)
    fake[2] = bc.Ciphertext(fake[2].alpha, bc._add(fake[2].beta, bc.G))
    add("doctored_sum", "A3's sum given one more vote and decrypted so (a board that did not "
        "check the sums)", "sums", world.bulletin(tallies={"Q1": world.tally("Q1", b1, fake)}))
    wrong = world.tally("Q1", b1)
    wrong["result"] = {"elected": ["A1", "A2"], "runoff": []}
    add("wrong_result", "A2 published as elected below the threshold", "result",
        world.bulletin(tallies={"Q1": wrong}))
    proofs = dict(world.proofs)
    proofs["M2"] = bc.prove_share("S-2025-ctd07", "M2", world.secrets["M2"],
                                  rng("neg/share-proof"))
    add("share_proof_other_session", "M2's share proof made for another session",
        "share_proofs", world.bulletin(proofs=proofs),
        {"kind": "share", "member": "M2", "public_share": world.shares["M2"].hex(),
         "proof": bc.schnorr_to_json(proofs["M2"]), "check": "share_proof"})
    server_secret = bc.share_secret(b"the server's own")
    server_key = bc.public_share(server_secret)
    params = {qid: bc.Question(q.session, q.question, q.round, server_key, q.candidates,
                               q.quota) for qid, q in world.params.items()}
    ballots = {qid: [bc.encrypt_ballot(params[qid], unit, choices, rng(f"neg/key/{qid}/{unit}"))
                     for unit, choices in votes.items()]
               for qid, _, _, _, _, _, votes in QUESTIONS}
    add("server_key", "voting still open, ballots encrypted under a key the server made "
        "instead of the board's", "election_key",
        world.bulletin(ballots=ballots, key=server_key, params=params))
    swapped = world.bulletin()
    entries = swapped["questions"][0]["ballots"]
    entries[0]["tracker"] = entries[1]["tracker"]
    add("tracker_mismatch", "a ballot published under another ballot's tracker", "trackers",
        swapped)
    unknown = world.bulletin()
    unknown["format"] = "thidua-bulletin-v0"
    add("unknown_format", "a bulletin of another format version", "format", unknown)
    return out


def known_answers(world: World) -> dict:
    draw = rng("rng-check")
    members = [{"member": m, "seed": share_seed(m).hex(), "code": bc.share_code(share_seed(m)),
                "secret": bc._hex_scalar(world.secrets[m]),
                "public_share": world.shares[m].hex(), "proof_rng": f"share-proof/{m}",
                "proof": bc.schnorr_to_json(world.proofs[m])} for m in BOARD]
    questions = []
    for qid, rnd, candidates, quota, _threshold, _strictly, votes in QUESTIONS:
        q = world.params[qid]
        ballots = [{"unit": b.unit, "choices": votes[b.unit], "rng": f"ballot/{qid}/{b.unit}",
                    "ballot": bc.ballot_to_json(b),
                    "bytes": bc.ballot_to_bytes(q, b).hex(), "tracker": bc.tracker(q, b)}
                   for b in world.ballots[qid]]
        sums = bc.sum_ballots(world.ballots[qid], len(candidates))
        partials = world.partials(qid, sums)
        questions.append({
            "question": qid, "round": rnd, "candidates": list(candidates), "quota": quota,
            "ballots": ballots, "sums": [bc.ciphertext_to_json(ct) for ct in sums],
            "partial_decryptions": [{"rng": f"decrypt/{qid}/{p.member}",
                                     "partial": bc.partial_to_json(p)} for p in partials],
            "counts": list(bc.read_counts(sums, partials, len(ballots)))})
    return {"rng": {"label": "rng-check", "seed": b"thidua-vector/rng-check".hex(),
                    "draws": [bc._hex_scalar(draw()) for _ in range(3)]},
            "hash_to_scalar": {"input": b"thidua".hex(),
                               "scalar": bc._hex_scalar(bc.hash_to_scalar(b"thidua"))},
            "session": SESSION, "board": members, "election_key": world.key.hex(),
            "key_fingerprint": bc.key_fingerprint(world.key), "questions": questions}


def build() -> dict:
    world = World()
    bulletin = world.bulletin()
    return {"version": bc.VERSION_TAG.decode(),
            "about": "Made by scripts/make_ballot_vectors.py; see docs/ballot.md.",
            "rfc9496": {"multiples": RFC9496_MULTIPLES, "invalid": RFC9496_INVALID},
            "known_answers": known_answers(world),
            "bulletin": bulletin, "bulletin_sha256": bb.bulletin_sha256(bulletin),
            "negative": negatives(world)}


def render() -> bytes:
    return (json.dumps(build(), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def main() -> int:
    content = render()
    if "--check" in sys.argv[1:]:
        if OUT.read_bytes() != content:
            print(f"{OUT} is not what this script makes: run it again", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(content)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
