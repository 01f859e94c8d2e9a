"""The encrypted ballot at service level (issue 13): ballots encrypted in Python as the
browser does, shares, the closing rules, partial decryptions and the negative cases."""

import functools
import importlib.util
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import error_codes
from tests.voting.conftest import BOARD_SECRETS, ballot_json, board_ready, count, question, vote
from voting import ballot_crypto as bc
from voting import python_client, selectors, services
from voting.models import EncryptedBallot, PartialDecryption, Tally

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def vectors_script():
    """scripts/make_ballot_vectors.py: its forgeries (simulated proofs, over-quota sums)."""
    spec = importlib.util.spec_from_file_location("make_ballot_vectors",
                                                  ROOT / "scripts" / "make_ballot_vectors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cast_forged(flag, units, voters, code, forge):
    """Cast a ballot forge(public question, unit code, rng) made for unit `code`."""
    board_ready(flag.session)
    public = selectors.crypto_question(flag)
    ballot = forge(public, units[code].code, bc.system_rng)
    body = bc.ballot_to_json(ballot)
    del body["unit"]
    return services.ballot_cast(question=flag, unit=units[code], user=voters[code], ballot=body)


@pytest.fixture
def flag(five, session):
    services.session_open(session=session)
    session.refresh_from_db()
    return question(session)


def refused(check, call):
    with pytest.raises(ValidationError) as excinfo:
        call()
    assert error_codes(excinfo.value) == {"invalid_ballot"}, excinfo.value
    assert check in str(excinfo.value.messages), excinfo.value.messages
    assert "phiếu không hợp lệ" in excinfo.value.messages[0].lower()


def test_casting_is_one_insert_and_no_update(five, flag):
    _campaign, units, voters = five
    body = ballot_json(flag, units, "UH", "UM")
    with CaptureQueriesContext(connection) as queries:
        tracker = services.ballot_cast(question=flag, unit=units["UH"], user=voters["UH"],
                                       ballot=body)
    writes = [q["sql"].split()[0].upper() for q in queries.captured_queries
              if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == ["INSERT"]
    row = EncryptedBallot.objects.get()
    assert (row.tracker, row.unit) == (tracker, units["UH"]) and len(tracker) == 64
    assert row.ballot == body


def test_a_ballot_is_only_ciphertexts_and_proofs(five, flag):
    """The body names no candidate: a ballot with a 'choice' field or candidate ids is
    simply not read; what is stored is the parsed ciphertexts and proofs."""
    _campaign, units, voters = five
    body = ballot_json(flag, units, "UH", "UM")
    services.ballot_cast(question=flag, unit=units["UH"], user=voters["UH"],
                         ballot={**body, "choice": [flag.candidates.first().pk]})
    assert "choice" not in EncryptedBallot.objects.get().ballot


@pytest.mark.parametrize("check, forge", [
    ("challenge", lambda q, unit, draw: vectors_script().forged_enc2(q, unit, draw)),
    ("quota_proof", lambda q, unit, draw: vectors_script().over_quota(q, unit, [1, 1, 0], draw)),
    ("alpha_identity", lambda q, unit, draw: bc.encrypt_ballot(
        q, unit, [1, 0, 0], vectors_script().zero_first(draw))),
])
def test_forged_ballots_are_refused_on_their_check(five, flag, check, forge):
    _campaign, units, voters = five
    refused(check, lambda: cast_forged(flag, units, voters, "UH", forge))
    assert not EncryptedBallot.objects.exists()


def test_a_scalar_plus_the_group_order_is_refused(five, flag):
    _campaign, units, voters = five
    body = ballot_json(flag, units, "UH", "UM")
    s = int.from_bytes(bytes.fromhex(body["quota_proof"]["responses"][0]), "little") + bc.L
    body["quota_proof"]["responses"][0] = s.to_bytes(32, "little").hex()
    refused("scalar_canonical", lambda: services.ballot_cast(
        question=flag, unit=units["UH"], user=voters["UH"], ballot=body))


def test_another_units_ballot_and_its_rerandomised_copy_are_refused(five, flag):
    _campaign, units, voters = five
    body = ballot_json(flag, units, "UH", "UM")  # UH's ballot, cast by UD
    refused("challenge", lambda: services.ballot_cast(
        question=flag, unit=units["UD"], user=voters["UD"], ballot=body))
    vote(flag, units, voters, "UH", "UM")
    public = selectors.crypto_question(flag)
    original = bc.ballot_from_json(EncryptedBallot.objects.get().ballot, unit="UD")
    copy = bc.ballot_to_json(vectors_script().rerandomised(public, original, "UD",
                                                           bc.system_rng()))
    del copy["unit"]
    refused("challenge", lambda: services.ballot_cast(
        question=flag, unit=units["UD"], user=voters["UD"], ballot=copy))
    assert EncryptedBallot.objects.count() == 1


def test_a_replayed_alpha_and_a_ballot_of_another_question_are_refused(five, session, flag):
    _campaign, units, voters = five
    deputy = question(session, "deputy")  # the same candidates and quota as the head's
    head = question(session, "head")
    refused("challenge", lambda: services.ballot_cast(
        question=deputy, unit=units["UH"], user=voters["UH"],
        ballot=ballot_json(head, units, "UH", "UM")))
    other = ballot_json(head, units, "UH", "UD")
    services.ballot_cast(question=head, unit=units["UH"], user=voters["UH"], ballot=other)
    # The same ballot again on the head question for another unit: its α is on the board.
    public = selectors.crypto_question(head)
    stolen = bc.ballot_from_json(other, unit="UD")
    forged = bc.encrypt_ballot(public, "UD", [0] * len(public.candidates))
    mixed = bc.Ballot("UD", (stolen.ciphertexts[0], *forged.ciphertexts[1:]),
                      forged.choice_proofs, forged.quota_proof)
    body = bc.ballot_to_json(mixed)
    del body["unit"]
    with pytest.raises(ValidationError) as excinfo:
        services.ballot_cast(question=head, unit=units["UD"], user=voters["UD"], ballot=body)
    assert error_codes(excinfo.value) == {"invalid_ballot"}
    assert EncryptedBallot.objects.count() == 1


def test_an_exactly_replayed_ballot_is_refused_as_a_repeated_alpha(five, session, flag):
    """The same unit's same ballot on the same question a second time is a double vote;
    the board check catches a copy that passes its proofs: a ballot valid for the question
    whose α already stands."""
    _campaign, units, voters = five
    body = ballot_json(flag, units, "UH", "UM")
    public = selectors.crypto_question(flag)
    ballot = bc.ballot_from_json(body, unit="UH")
    with pytest.raises(bc.InvalidProof) as excinfo:
        bc.verify_ballot(public, ballot, frozenset([ballot.ciphertexts[0].alpha]))
    assert excinfo.value.check == "unique_alpha"
    services.ballot_cast(question=flag, unit=units["UH"], user=voters["UH"], ballot=body)
    EncryptedBallot.objects.all().delete()  # as if cast on another question of the session
    EncryptedBallot.objects.create(question=question(session, "head"), unit=units["UH"],
                                   ballot=body, tracker="0" * 64)
    refused("unique_alpha", lambda: services.ballot_cast(
        question=flag, unit=units["UH"], user=voters["UH"], ballot=body))


@pytest.mark.parametrize("garbage", [
    None, [], {"ciphertexts": "x"}, {"ciphertexts": [{"alpha": "zz", "beta": "00"}]},
    {"ciphertexts": [{"alpha": "ff" * 32, "beta": "ff" * 32}] * 3,
     "choice_proofs": [{"commitments": [["ff" * 32, "ff" * 32]] * 2,
                        "challenges": ["00" * 32] * 2, "responses": ["00" * 32] * 2}] * 3,
     "quota_proof": {"commitments": [["ff" * 32, "ff" * 32]] * 2,
                     "challenges": ["00" * 32] * 2, "responses": ["00" * 32] * 2}},
])
def test_garbage_is_an_invalid_ballot_never_a_crash(five, flag, garbage):
    _campaign, units, voters = five
    board_ready(flag.session)
    with pytest.raises(ValidationError) as excinfo:
        services.ballot_cast(question=flag, unit=units["UH"], user=voters["UH"], ballot=garbage)
    assert error_codes(excinfo.value) == {"invalid_ballot"}
    assert not EncryptedBallot.objects.exists()


def test_no_ballot_before_the_board_published_its_key(five, flag):
    _campaign, units, voters = five
    public = bc.Question("S", "Q", 1, bc.public_share(5), ("UM", "U4", "U5"), 1)
    body = bc.ballot_to_json(bc.encrypt_ballot(public, "UH", [1, 0, 0]))
    with pytest.raises(ValidationError) as excinfo:
        services.ballot_cast(question=flag, unit=units["UH"], user=voters["UH"], ballot=body)
    assert error_codes(excinfo.value) == {"no_election_key"}


def test_a_share_with_a_bad_proof_or_another_sessions_proof_is_refused(five, session):
    member = session.board_members.first()
    secret = bc.share_secret(bc.new_share_seed())
    share = bc.public_share(secret).hex()
    for proof in (bc.prove_share("S-other", member.crypto_id, secret),
                  bc.prove_share(selectors.crypto_session_id(session), "M999", secret)):
        with pytest.raises(ValidationError) as excinfo:
            services.board_share_publish(member=member, user=member.user, public_share=share,
                                         proof=bc.schnorr_to_json(proof))
        assert error_codes(excinfo.value) == {"invalid_share"}
    member.refresh_from_db()
    assert member.public_share == ""
    good = bc.prove_share(selectors.crypto_session_id(session), member.crypto_id, secret)
    other = session.board_members.exclude(pk=member.pk).first()
    with pytest.raises(ValidationError) as excinfo:
        services.board_share_publish(member=member, user=other.user, public_share=share,
                                     proof=bc.schnorr_to_json(good))
    assert error_codes(excinfo.value) == {"not_board_member"}
    services.board_share_publish(member=member, user=member.user, public_share=share,
                                 proof=bc.schnorr_to_json(good))
    with pytest.raises(ValidationError) as excinfo:  # a keyed board is fixed
        services.session_details_save(session=session, place="", chair="", secretary="",
                                      board=[("X", None)])
    assert error_codes(excinfo.value) == {"board_keyed"}


def test_the_election_key_is_the_sum_of_every_share(five, session):
    assert selectors.election_key(session) is None
    secrets = board_ready(session)
    assert len(secrets) == session.board_members.count() >= 2
    assert selectors.election_key(session) == bc.public_share(sum(secrets.values()) % bc.L)


def test_closing_below_the_early_close_minimum_is_refused(five, flag):
    _campaign, units, voters = five
    for code in ("UH", "UD", "UM"):
        vote(flag, units, voters, code, "UM")
    for early in (False, True):  # 3 of 5 present voted; ending early needs ⌈0.667 × 5⌉ = 4
        with pytest.raises(ValidationError) as excinfo:
            services.question_close(question=flag, early=early)
        assert error_codes(excinfo.value) <= {"too_few_ballots", "not_all_voted"}
    flag.refresh_from_db()
    assert flag.closed_at is None
    vote(flag, units, voters, "U4", "UM")
    count(flag, early=True)
    flag.refresh_from_db()
    assert flag.closed_early and selectors.question_result(flag).ballots == 4


def test_partial_decryptions_are_held_back_until_all_are_in(five, flag):
    _campaign, units, voters = five
    for code, choice in (("UH", "UM"), ("UD", "UM"), ("UM", "U4"), ("U4", "UM"), ("U5", "U5")):
        vote(flag, units, voters, code, choice)
    with pytest.raises(ValidationError) as excinfo:  # not before the voting ended
        member = flag.session.board_members.first()
        services.partial_decryption_send(question=flag, member=member, user=member.user,
                                         partial={})
    assert error_codes(excinfo.value) == {"not_counting"}
    services.question_close(question=flag)
    flag.refresh_from_db()
    secrets = BOARD_SECRETS[flag.session_id]
    first, *rest = list(flag.session.board_members.all())
    assert services.partial_decryption_send(
        question=flag, member=first, user=first.user,
        partial=python_client.partial_json(flag, first, secrets[first.pk])) is None
    flag.refresh_from_db()
    assert flag.counted_at is None and selectors.question_result(flag) is None
    assert not Tally.objects.exists()
    for member in rest:
        counts = services.partial_decryption_send(
            question=flag, member=member, user=member.user,
            partial=python_client.partial_json(flag, member, secrets[member.pk]))
    yes = {c.unit.code: n for c, n in zip(selectors.ballot_candidates(flag), counts,
                                          strict=True)}
    assert yes == {"UM": 3, "U4": 1, "U5": 1}
    flag.refresh_from_db()
    assert [(r.candidate.unit.code, r.yes) for r in selectors.question_result(flag).rows] == [
        ("UM", 3), ("U4", 1), ("U5", 1)]


def test_a_doctored_partial_decryption_is_refused(five, flag):
    _campaign, units, voters = five
    for code in ("UH", "UD", "UM", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    services.question_close(question=flag)
    flag.refresh_from_db()
    member = flag.session.board_members.first()
    good = python_client.partial_json(flag, member, BOARD_SECRETS[flag.session_id][member.pk])
    plus_g = dict(good, factors=[bc._add(bytes.fromhex(good["factors"][0]),
                                         bc.public_share(1)).hex(), *good["factors"][1:]])
    other = flag.session.board_members.exclude(pk=member.pk).first()
    for partial, user in ((plus_g, member.user), (dict(good, member=other.crypto_id),
                                                   member.user)):
        with pytest.raises(ValidationError) as excinfo:
            services.partial_decryption_send(question=flag, member=member, user=user,
                                             partial=partial)
        assert error_codes(excinfo.value) == {"invalid_partial"}
    with pytest.raises(ValidationError) as excinfo:
        services.partial_decryption_send(question=flag, member=member, user=other.user,
                                         partial=good)
    assert error_codes(excinfo.value) == {"not_board_member"}
    assert not PartialDecryption.objects.exists()


def test_a_question_nobody_voted_on_closes_with_nothing_to_count(five, flag):
    services.question_close(question=flag)
    flag.refresh_from_db()
    result = selectors.question_result(flag)
    assert flag.counted_at and result.ballots == 0 and result.elected == []
    assert not Tally.objects.exists()
