"""The server's ballot cryptography (voting/ballot_crypto.py) against tests/vectors/ballot-v1.json,
which node --test also runs on the browser code (tests/js/ballot.test.mjs)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from voting import ballot_crypto as bc

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "vectors" / "ballot-v1.json").read_text("utf-8"))
KA = VECTORS["known_answers"]
BOARD = {m["member"]: m for m in KA["board"]}
KEY = bytes.fromhex(KA["election_key"])


def rng(label):
    return bc.deterministic_rng(b"thidua-vector/" + label.encode())


def question_of(q, key=KEY):
    return bc.Question(KA["session"], q["question"], q["round"], key, tuple(q["candidates"]),
                       q["quota"])


def test_rfc9496_multiples_built_by_adding_g():
    assert [p.hex() for p in bc.powers_of_g(15)] == VECTORS["rfc9496"]["multiples"]


def test_rfc9496_multiples_by_scalar_multiplication():
    multiples = VECTORS["rfc9496"]["multiples"]
    assert [bc._base(k).hex() for k in range(16)] == multiples


@pytest.mark.parametrize("encoding", VECTORS["rfc9496"]["invalid"])
def test_rfc9496_invalid_encodings_are_not_points(encoding):
    assert not bc.is_point(bytes.fromhex(encoding))


def test_deterministic_rng_and_hash_to_scalar_match_the_vectors():
    draw = bc.deterministic_rng(bytes.fromhex(KA["rng"]["seed"]))
    assert [bc._hex_scalar(draw()) for _ in range(3)] == KA["rng"]["draws"]
    scalar = bc.hash_to_scalar(bytes.fromhex(KA["hash_to_scalar"]["input"]))
    assert bc._hex_scalar(scalar) == KA["hash_to_scalar"]["scalar"]


def test_shares_and_their_proofs_match_the_vectors():
    got = []
    for m in KA["board"]:
        secret = bc.share_secret(bytes.fromhex(m["seed"]))
        proof = bc.prove_share(KA["session"], m["member"], secret, rng(m["proof_rng"]))
        got.append([bc.share_code(bytes.fromhex(m["seed"])), bc._hex_scalar(secret),
                    bc.public_share(secret).hex(), bc.schnorr_to_json(proof)])
    assert got == [[m["code"], m["secret"], m["public_share"], m["proof"]] for m in KA["board"]]


def test_election_key_is_the_sum_of_the_shares():
    key = bc.combine_key([bytes.fromhex(m["public_share"]) for m in KA["board"]])
    assert (key.hex(), bc.key_fingerprint(key)) == (KA["election_key"], KA["key_fingerprint"])


def test_share_code_reads_back_with_lookalikes_and_spaces():
    m = KA["board"][0]
    code = m["code"].lower().replace("-", " ").replace("o", "0")
    assert bc.seed_from_code(code).hex() == m["seed"]


def test_share_code_with_a_typo_is_refused():
    code = KA["board"][0]["code"]
    typo = ("B" if code[0] == "A" else "A") + code[1:]
    with pytest.raises(bc.InvalidShareCode):
        bc.seed_from_code(typo)


def test_ballots_match_the_vectors_byte_for_byte():
    for q in KA["questions"]:
        question = question_of(q)
        for b in q["ballots"]:
            ballot = bc.encrypt_ballot(question, b["unit"], b["choices"], rng(b["rng"]))
            assert bc.ballot_to_json(ballot) == b["ballot"]
            assert bc.ballot_to_bytes(question, ballot).hex() == b["bytes"]
            assert bc.tracker(question, ballot) == b["tracker"]


def test_every_vector_ballot_verifies():
    for q in KA["questions"]:
        for b in q["ballots"]:
            bc.verify_ballot(question_of(q), bc.ballot_from_json(b["ballot"]))


def test_sums_partial_decryptions_and_counts_match_the_vectors():
    for q in KA["questions"]:
        question = question_of(q)
        sums = bc.sum_ballots([bc.ballot_from_json(b["ballot"]) for b in q["ballots"]],
                              len(q["candidates"]))
        assert [bc.ciphertext_to_json(ct) for ct in sums] == q["sums"]
        partials = []
        for entry in q["partial_decryptions"]:
            member = entry["partial"]["member"]
            secret = int.from_bytes(bytes.fromhex(BOARD[member]["secret"]), "little")
            partial = bc.partial_decrypt(question, member, secret, sums, rng(entry["rng"]))
            assert bc.partial_to_json(partial) == entry["partial"]
            bc.verify_partial(question, bc.public_share(secret), sums, partial)
            partials.append(partial)
        assert list(bc.read_counts(sums, partials, len(q["ballots"]))) == q["counts"]


def test_counts_are_the_votes_cast():
    for q in KA["questions"]:
        expected = [sum(col) for col in zip(*(b["choices"] for b in q["ballots"]), strict=True)]
        assert q["counts"] == expected


def test_a_blank_ballot_is_valid():
    q = question_of(KA["questions"][0])
    bc.verify_ballot(q, bc.encrypt_ballot(q, "U9", [0, 0, 0]))


def test_encrypting_more_choices_than_the_quota_is_refused():
    q = question_of(KA["questions"][1])
    with pytest.raises(ValueError):
        bc.encrypt_ballot(q, "U9", [1, 1, 0])


# Negative vectors at the server's level: each refused on its named check.
SERVER_NEGATIVES = [n for n in VECTORS["negative"] if "server" in n]


def bulletin_question(qid):
    b = VECTORS["bulletin"]
    return next(q for q in b["questions"] if q["question"] == qid)


@pytest.mark.parametrize("negative", SERVER_NEGATIVES, ids=lambda n: n["name"])
def test_negative_vector_is_refused_by_the_server_on_its_check(negative):
    s = negative["server"]
    with pytest.raises(bc.InvalidProof) as refused:
        if s["kind"] == "ballot":
            board_alphas = {bytes.fromhex(a) for a in s["board_alphas"]}
            bc.verify_ballot(question_of(bulletin_question(s["question"])),
                             bc.ballot_from_json(s["ballot"]), board_alphas)
        elif s["kind"] == "partial":
            sums = [bc.ciphertext_from_json(c) for c in s["sums"]]
            bc.verify_partial(question_of(bulletin_question(s["question"])),
                              bytes.fromhex(BOARD[s["member"]]["public_share"]), sums,
                              bc.partial_from_json(s["partial"]))
        else:
            bc.verify_share(KA["session"], s["member"], bytes.fromhex(s["public_share"]),
                            bc.schnorr_from_json(s["proof"]))
    assert refused.value.check == s["check"]


def test_the_issue_s_ballot_negatives_are_all_present():
    names = {n["name"] for n in SERVER_NEGATIVES}
    assert {"simulated_enc2", "unit_swapped", "rerandomised_copy", "other_question",
            "two_ones_quota_1", "scalar_plus_l", "alpha_identity", "partial_plus_g"} <= names


@pytest.mark.parametrize("mangle", [
    lambda b: {**b, "ciphertexts": b["ciphertexts"][:1]},
    lambda b: {**b, "quota_proof": "x"},
    lambda b: {**b, "unit": 7},
    lambda b: {**b, "ciphertexts": [{"alpha": "zz" * 32, "beta": "00" * 32}] * 3},
    lambda b: {**b, "ciphertexts": [{"alpha": "E2" * 32, "beta": "00" * 32}] * 3},
    lambda b: {**b, "ciphertexts": [{"alpha": "ff" * 32, "beta": "ff" * 32}] * 3},
], ids=["short", "not-a-proof", "unit-number", "not-hex", "upper-case-hex", "not-a-point"])
def test_malformed_ballots_are_refused_with_a_named_check_never_a_crash(mangle):
    q = KA["questions"][0]
    with pytest.raises(bc.InvalidProof) as refused:
        bc.verify_ballot(question_of(q), bc.ballot_from_json(mangle(q["ballots"][0]["ballot"])))
    assert refused.value.check in {"encoding", "shape", "point_encoding"}


def test_the_vectors_file_is_what_the_script_makes():
    script = ROOT / "scripts" / "make_ballot_vectors.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert result.returncode == 0, result.stderr


def test_ballot_crypto_imports_no_django():
    code = ("import sys, voting.ballot_crypto, voting.verifier; "
            "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr


def test_the_server_s_unit_replaces_the_one_in_the_body():
    q = KA["questions"][0]
    copied = bc.ballot_from_json(q["ballots"][0]["ballot"], unit="U2")
    with pytest.raises(bc.InvalidProof) as refused:
        bc.verify_ballot(question_of(q), copied)
    assert (copied.unit, refused.value.check) == ("U2", "challenge")


def test_a_malformed_partial_decryption_is_an_encoding_error():
    with pytest.raises(bc.InvalidProof) as refused:
        bc.partial_from_json({"member": "M1", "factors": ["00"]})
    assert refused.value.check == "encoding"


def test_share_code_reads_back_across_lines_as_the_browser_does():
    m = KA["board"][0]
    code = m["code"].replace("-", "\n", 1).replace("-", "\t", 1)
    assert bc.seed_from_code(code).hex() == m["seed"]
