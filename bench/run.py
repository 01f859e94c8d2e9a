"""Performance figures, one `name: value unit` line each (run by `make bench`).

Runs against a throw-away test database (SQLite by default, PostgreSQL when DATABASE_URL
names one), so it never touches real data.
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from clusters.models import Membership, Organisation  # noqa: E402
from clusters.registry_io import registry_import  # noqa: E402
from tests.clusters.registry_files import registry_row, xlsx_bytes  # noqa: E402

ROWS = 10_000
CLUSTERS, UNITS_PER_CLUSTER, YEARS = 200, 10, 5  # 200 × 10 × 5 = 10,000 rows


def registry_rows():
    rows = []
    for year in range(2022, 2022 + YEARS):
        for c in range(CLUSTERS):
            for u in range(UNITS_PER_CLUSTER):
                role = {0: "Cụm trưởng", 1: "Cụm phó"}.get((u + year) % UNITS_PER_CLUSTER,
                                                           "Thành viên")
                code = f"DV{c:03d}{u:02d}"
                rows.append(registry_row(
                    code, f"Chi hội Luật gia đơn vị {c}-{u}", "", f"CTD{c:03d}",
                    f"Cụm thi đua số {c}", "Cụm", year, role,
                    f"Người đại diện {c}-{u}" if year == 2022 else "",
                    f"dv{c:03d}{u:02d}@bench.vn" if year == 2022 else ""))
    assert len(rows) == ROWS
    return rows


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def bench_import():
    content = xlsx_bytes(registry_rows())
    organisation = Organisation.objects.create(code="bench", name="Tổ chức đo hiệu năng")

    def run(dry_run):
        return registry_import(organisation=organisation, content=content,
                               file_name="bench.xlsx", dry_run=dry_run)

    report, preview_seconds = timed(lambda: run(True))
    assert report.ok, report.errors[:3]
    report, seconds = timed(lambda: run(False))
    assert report.ok and Membership.objects.count() == ROWS
    print(f"import_registry_{ROWS}_rows: {ROWS / seconds:.0f} rows/s")
    print(f"import_registry_{ROWS}_rows_time: {seconds:.1f} s")
    print(f"import_registry_{ROWS}_rows_preview_time: {preview_seconds:.1f} s")


def bench_spreadsheet_refusals():
    """Both spreadsheet refusals, at the default limits (REGISTRY_IMPORT_MAX_ROWS,
    SPREADSHEET_MAX_UNCOMPRESSED_MB); the goal is under 2 s each."""
    import itertools
    import zipfile

    from clusters.registry_io import HEADERS
    from tests.core.xlsx_files import numbered_rows, review_bomb, streamed_xlsx

    organisation = Organisation.objects.create(code="bench-refusals", name="Tệp bị từ chối")

    def refuse(content):
        report = registry_import(organisation=organisation, content=content,
                                 file_name="bench.xlsx", dry_run=True)
        assert report.file_error, "the file was not refused"

    rows = 100_000
    long_file = streamed_xlsx(itertools.chain([HEADERS], numbered_rows(rows)))
    _, seconds = timed(lambda: refuse(long_file))
    print(f"refuse_xlsx_{rows}_rows_time: {seconds * 1000:.0f} ms")
    bomb = review_bomb()
    expanded = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    _, seconds = timed(lambda: refuse(bomb))
    print(f"refuse_xlsx_bomb_{len(bomb) / 2**20:.1f}_mb_time: {seconds * 1000:.0f} ms")
    print(f"refuse_xlsx_bomb_expanded_size: {expanded / 2**20:.0f} MB")
    print(f"refuse_xlsx_bomb_compression: {expanded / len(bomb):.0f}:1")


SCALE = {"clusters": 100, "units_per_cluster": 10, "years": 5}
REPEAT = 7


def median_time(function, repeat=REPEAT):
    function()  # warm caches (templates, translations) once
    times = sorted(timed(function)[1] for _ in range(repeat))
    return times[len(times) // 2]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def bench_dashboards():
    """The dashboards over seed_scale's 1,000 units × 5 years, next to a bare page."""
    from django.test import Client

    from campaigns.models import Campaign
    from core.years import current_year
    from demo.scale import seed_scale
    from members.models import User

    last_year = current_year()
    organisation, seconds = timed(lambda: seed_scale(**SCALE, last_year=last_year,
                                                     out=lambda line: None))
    units = SCALE["clusters"] * SCALE["units_per_cluster"]
    print(f"seed_scale_{units}_units_{SCALE['years']}_years_time: {seconds:.1f} s")
    client = Client()
    client.force_login(User.objects.get(username="qm.lanhdao"))
    year = last_year - 1  # a complete year: scores, votes, nominations, decisions
    campaign = Campaign.objects.get(cluster__code="C001", cluster__organisation=organisation,
                                    year=year)
    unit = campaign.cluster.memberships.filter(year=year).first().unit
    pages = [
        ("bare_page_healthz", "/healthz"),
        ("organisation_dashboard", f"/dashboard/?year={year}&org={organisation.code}"),
        ("organisation_dashboard_chart", f"/dashboard/chart/ratings.svg?year={year}"
                                         f"&org={organisation.code}"),
        ("organisation_dashboard_xlsx", f"/dashboard/?year={year}&org={organisation.code}"
                                        "&format=xlsx"),
        ("cluster_dashboard", f"/campaigns/{campaign.pk}/dashboard/"),
        ("unit_history", f"/units/{unit.pk}/"),
    ]
    for name, url in pages:
        milliseconds = median_time(lambda u=url: get(client, u)) * 1000
        print(f"{name}_{units}_units_time: {milliseconds:.0f} ms")
    return organisation, year


def bench_year_summary(organisation, year):
    import subprocess

    from dashboards.documents import year_summary_document
    from documents.pdf import render_pdf
    from members.models import User

    user = User.objects.get(username="qm.thuky")
    pdf, seconds = timed(lambda: render_pdf(year_summary_document(organisation, year, user)))
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.decode().splitlines()
                     if line.startswith("Pages:")))
    print(f"year_summary_pdf_{SCALE['clusters']}_clusters_time: {seconds:.1f} s")
    print(f"year_summary_pdf_pages: {pages}")
    print(f"year_summary_pdf_speed: {pages / seconds:.1f} pages/s")


def bench_ballot():
    """The secret ballot (issue 13) for a 30-unit cluster with 10 candidates, quota 3, a board
    of 3: verifying one ballot as the server does before accepting it, closing the question
    (every ballot verified, the sums, the board's 3 partial decryptions made and verified, the
    counts read), and the public verifier on the resulting bulletin."""
    from decimal import Decimal

    from voting import ballot_crypto as bc
    from voting import bulletin as bb
    from voting.verifier import verify_bulletin

    units, candidates, quota, board = 30, 10, 3, ("M1", "M2", "M3")
    secrets = {m: bc.share_secret(bc.new_share_seed()) for m in board}
    shares = {m: bc.public_share(x) for m, x in secrets.items()}
    key = bc.combine_key(list(shares.values()))
    question = bc.Question("bench", "Q", 1, key, tuple(f"C{k}" for k in range(candidates)), quota)
    ballots = [bc.encrypt_ballot(question, f"U{u}", [int((u + k) % 4 == 0)
                                                     for k in range(candidates)])
               for u in range(units)]
    _, seconds = timed(lambda: bc.verify_ballot(question, ballots[0]))
    print(f"ballot_verify_{candidates}_candidates_time: {seconds * 1000:.0f} ms")

    def close():
        seen = set()
        for ballot in ballots:
            bc.verify_ballot(question, ballot, seen)
            seen.update(ct.alpha for ct in ballot.ciphertexts)
        sums = bc.sum_ballots(ballots, candidates)
        partials = [bc.partial_decrypt(question, m, secrets[m], sums) for m in board]
        for partial in partials:
            bc.verify_partial(question, shares[partial.member], sums, partial)
        return partials, bc.read_counts(sums, partials, units)

    (partials, _counts), seconds = timed(close)
    print(f"ballot_close_{units}_units_{candidates}_candidates_time: {seconds:.2f} s")
    tally = bb.tally_entry(question, ballots, partials, members=units,
                           threshold=Decimal("0.5"), strictly_above=False)
    bulletin = bb.bulletin(
        session="bench", members=units, quorum=Decimal("0.5"),
        present_units=[b.unit for b in ballots],
        board=[bb.board_entry(m, shares[m], bc.prove_share("bench", m, secrets[m]))
               for m in board],
        election_key=key, questions=[bb.question_entry(
            question, ballots, threshold=Decimal("0.5"), strictly_above=False, tally=tally)])
    _, seconds = timed(lambda: verify_bulletin(bulletin))
    print(f"bulletin_verify_{units}_units_{candidates}_candidates_time: {seconds:.2f} s")


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        bench_ballot()
        bench_import()
        bench_spreadsheet_refusals()
        bench_year_summary(*bench_dashboards())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
