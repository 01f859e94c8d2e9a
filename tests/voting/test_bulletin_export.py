"""The bulletin export (issue 13, items 5–6): deterministic bytes, the verifier exits 0 on
them and non-zero after one byte changes; the vote-count record prints its SHA-256."""

import hashlib
import subprocess
import sys

from django.core.management import call_command

from tests.voting.conftest import count, count_all, question, vote
from voting import bulletin as board
from voting import selectors, services
from voting.verifier import verify_bulletin


def verifier(path):
    return subprocess.run([sys.executable, "-m", "voting.verifier", str(path)],
                          capture_output=True, text=True, timeout=120)


def counted_flag(five, session):
    _campaign, units, voters = five
    services.session_open(session=session)
    session.refresh_from_db()
    flag = question(session)
    for code, choice in (("UH", "UM"), ("UD", "UM"), ("UM", "U4"), ("U4", "UM"), ("U5", "UM")):
        vote(flag, units, voters, code, *([choice] if choice else []))
    count(flag)
    flag.refresh_from_db()
    return flag


def test_the_export_is_deterministic_and_verifies(five, session, tmp_path):
    flag = counted_flag(five, session)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    call_command("export_bulletin", flag.pk, "-o", str(first))
    call_command("export_bulletin", flag.pk, output=str(second))
    assert first.read_bytes() == second.read_bytes() == selectors.bulletin_bytes(flag)
    data = selectors.question_bulletin(flag)
    assert data["questions"][0]["tally"]["counts"] == [4, 1, 0]
    assert data["questions"][0]["tally"]["result"] == {"elected": ["UM"], "runoff": []}
    assert verify_bulletin(data)  # every check passed
    result = verifier(first)
    assert result.returncode == 0, result.stdout + result.stderr
    raw = bytearray(first.read_bytes())
    at = raw.index(b'"counts":[4') + len(b'"counts":[')
    raw[at] = ord("3")  # one byte: a count off by one
    doctored = tmp_path / "c.json"
    doctored.write_bytes(bytes(raw))
    result = verifier(doctored)
    assert result.returncode == 1 and "FAILED" in result.stdout + result.stderr


def test_no_tally_is_published_until_every_member_decrypted(five, session):
    from tests.voting.conftest import BOARD_SECRETS
    from voting import python_client

    _campaign, units, voters = five
    services.session_open(session=session)
    session.refresh_from_db()
    flag = question(session)
    for code in ("UH", "UD", "UM", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    services.question_close(question=flag)
    flag.refresh_from_db()
    member = session.board_members.first()
    services.partial_decryption_send(question=flag, member=member, user=member.user,
                                     partial=python_client.partial_json(
                                         flag, member, BOARD_SECRETS[session.pk][member.pk]))
    entry = selectors.question_bulletin(flag)["questions"][0]
    assert entry["tally"] is None and len(entry["ballots"]) == 5


def test_the_vote_count_record_prints_the_board_key_and_bulletin_hash(world, five, session):
    from documents.pdf import render_pdf
    from tests.helpers import pdf_text
    from voting.documents import vote_count_document

    flag = counted_flag(five, session)
    count_all(session, five)
    services.session_close(session=session)
    session.refresh_from_db()
    text = " ".join(pdf_text(render_pdf(vote_count_document(session, world.users["head"])))
                    .split())
    digest = hashlib.sha256(selectors.bulletin_bytes(flag)).hexdigest()
    assert digest == board.bulletin_sha256(selectors.question_bulletin(flag))
    from voting import ballot_crypto as bc

    fingerprint = bc.key_fingerprint(selectors.election_key(session))
    assert digest in text.replace(" ", "") and fingerprint.replace(" ", "") in \
        text.replace(" ", "")


def test_the_minutes_print_the_election_keys_fingerprint(five, session, world):
    """The fingerprint every browser showed in the room is in the minutes too."""
    from documents.pdf import render_pdf
    from tests.helpers import pdf_text
    from voting import ballot_crypto as bc
    from voting.documents import minutes_document

    counted_flag(five, session)
    count_all(session, five)
    services.session_close(session=session)
    session.refresh_from_db()
    text = pdf_text(render_pdf(minutes_document(session, world.users["head"]))).replace(" ", "")
    fingerprint = bc.key_fingerprint(selectors.election_key(session)).replace(" ", "")
    assert fingerprint in text.replace("\n", "")
