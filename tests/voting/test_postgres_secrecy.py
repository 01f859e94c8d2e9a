"""What a database administrator sees after three encrypted ballots (issue 13, acceptance):
every column of every voting table, with each row version's xmin and ctid, holds no plaintext
choice and no count before the board decrypts; the 7-of-7 xmin join of the outside review,
adapted to the new tables, links no unit to anything. PostgreSQL only (xmin, ctid)."""

import json
import re

import pytest
from django.apps import apps
from django.db import connection, transaction

from tests.voting.conftest import BOARD_SECRETS, count, question, vote
from voting import python_client, services
from voting.models import EncryptedBallot, Tally

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif("connection.vendor != 'postgresql'")]

HEX = re.compile(r"[0-9a-f]{64}")
CHOICES = {"UH": ("UM",), "UD": ("U4",), "UM": ("U5",)}  # three units, three different choices


def voting_tables():
    return sorted(m._meta.db_table for m in apps.get_app_config("voting").get_models())


def rows(table):
    """Every row of the table as the DBA reads it: all columns as JSON text, xmin, ctid."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT row_to_json(t)::text, t.xmin::text, t.ctid::text FROM "{table}" t')
        return [(json.loads(text), xmin, ctid) for text, xmin, ctid in cursor.fetchall()]


def ballot_xmins():
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM voting_encryptedballot")
        return {x for (x,) in cursor.fetchall()}


def linked_by_xmin():
    """The review's join, on the new tables: for each encrypted ballot, every other row of any
    voting table written by the same transaction (same xmin). [(ballot's unit, table, row)]."""
    found = []
    with connection.cursor() as cursor:
        for table in voting_tables():
            cursor.execute(f'SELECT eb.unit_id, row_to_json(t)::text FROM voting_encryptedballot '
                           f'eb JOIN "{table}" t ON t.xmin = eb.xmin '
                           f'WHERE NOT (t.ctid = eb.ctid AND %s = \'voting_encryptedballot\')',
                           [table])
            found += [(unit, table, text) for unit, text in cursor.fetchall()]
    return found


def leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v)
    else:
        yield value


def plaintext_findings(flag, units):
    """Anything in the voting tables from which a unit's choice or a count can be read."""
    candidates = {c.pk: c.unit.code for c in flag.candidates.select_related("unit")}
    codes = set(candidates.values())
    findings = []
    for table in voting_tables():
        for data, xmin, ctid in rows(table):
            where = f"{table} xmin={xmin} ctid={ctid}"
            if table == "voting_tally":
                findings.append(f"{where}: a count {data}")
            if table in {"voting_ballotcast", "voting_receipt"}:
                findings.append(f"{where}: a row of the earlier scheme {data}")
            if table == "voting_encryptedballot":
                ballot = data["ballot"]
                if set(ballot) != {"ciphertexts", "choice_proofs", "quota_proof"}:
                    findings.append(f"{where}: ballot keys {sorted(ballot)}")
                if not all(isinstance(v, str) and HEX.fullmatch(v) for v in leaves(ballot)):
                    findings.append(f"{where}: a ballot value that is not a point or scalar")
                if set(data) - {"id", "question_id", "unit_id", "ballot", "tracker"}:
                    findings.append(f"{where}: columns {sorted(data)}")
            if table == "voting_partialdecryption":
                if not all(isinstance(v, str) and (HEX.fullmatch(v) or v.startswith("M"))
                           for v in leaves(data["data"])):
                    findings.append(f"{where}: a decryption value that is not a point or scalar")
            if table == "voting_question" and data["id"] == flag.pk and (
                    data["paper_ballots"] is not None or data["counted_at"]):
                findings.append(f"{where}: the question holds counts {data}")
            # A candidate's code or id next to a voting unit, in any column of any row.
            text = json.dumps(data) + xmin + ctid
            if table in {"voting_encryptedballot", "voting_partialdecryption"} and (
                    any(code in text for code in codes)
                    or any(f'"candidate_id": {pk}' in text for pk in candidates)):
                findings.append(f"{where}: names a candidate")
    return findings


def test_three_encrypted_ballots_leave_no_plaintext_and_no_xmin_link(five, session):
    _campaign, units, voters = five
    services.session_open(session=session)
    session.refresh_from_db()
    flag = question(session)
    for code, chosen in CHOICES.items():
        vote(flag, units, voters, code, *chosen)
    assert EncryptedBallot.objects.filter(question=flag).count() == 3

    # Each ballot is its own transaction that wrote one row: nothing shares its xmin.
    assert len(ballot_xmins()) == 3
    assert linked_by_xmin() == []
    assert plaintext_findings(flag, units) == []
    # The audit rows the casting transactions wrote (if any) say who voted, never for whom.
    codes = {c.unit.code for c in flag.candidates.select_related("unit")}
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(a)::text FROM auditlog_logentry a "
                       "WHERE a.xmin::text = ANY(%s)", [list(ballot_xmins())])
        audit = [text for (text,) in cursor.fetchall()]
    assert not [text for text in audit if any(code in text for code in codes)]

    # The other two present units vote, the question closes, one board member decrypted
    # (held back): still nothing.
    vote(flag, units, voters, "U4")
    vote(flag, units, voters, "U5", "UM")
    services.question_close(question=flag)
    flag.refresh_from_db()
    members = list(session.board_members.select_related("user"))
    secrets = BOARD_SECRETS[session.pk]

    def decrypt(member):
        services.partial_decryption_send(
            question=flag, member=member, user=member.user,
            partial=python_client.partial_json(flag, member, secrets[member.pk]))

    decrypt(members[0])
    assert len(ballot_xmins()) == 5 and linked_by_xmin() == []
    assert plaintext_findings(flag, units) == []

    # The detectors find what they look for: once every member decrypted, the counts exist...
    for member in members[1:]:
        decrypt(member)
    assert any("a count" in f for f in plaintext_findings(flag, units))
    # ...and the join links a ballot to a count written by the same transaction, as the
    # earlier ballot_cast did (two row versions made together here on purpose).
    with transaction.atomic():
        row = EncryptedBallot.objects.filter(question=flag).first()
        EncryptedBallot.objects.filter(pk=row.pk).update(tracker=row.tracker)
        Tally.objects.filter(candidate__question=flag).update(yes=0)
    assert {table for _unit, table, _text in linked_by_xmin()} == {"voting_tally"}


def test_count_after_the_board_matches_the_choices(five, session):
    """The same three ballots counted: what the secrecy test protects is really there."""
    _campaign, units, voters = five
    services.session_open(session=session)
    session.refresh_from_db()
    flag = question(session)
    for code, chosen in CHOICES.items():
        vote(flag, units, voters, code, *chosen)
    vote(flag, units, voters, "U4")
    vote(flag, units, voters, "U5", "UM")
    count(flag)
    yes = dict(Tally.objects.filter(candidate__question=flag)
               .values_list("candidate__unit__code", "yes"))
    assert yes == {"UM": 2, "U4": 1, "U5": 1}
