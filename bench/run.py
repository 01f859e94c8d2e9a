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


def registry_rows(run=0):
    """10,000 rows; `run` makes the representatives' e-mails new people for each run."""
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
                    f"dv{c:03d}{u:02d}.{run}@bench.vn" if year == 2022 else ""))
    assert len(rows) == ROWS
    return rows


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


IMPORT_RUNS = 5


def bench_import():
    """The import as the apply request runs it (background tasks queued, not run: the bench
    settings use the database task backend), each run into a new organisation after its
    preview; the median of IMPORT_RUNS runs."""
    previews, applies, cpus = [], [], []
    for run in range(IMPORT_RUNS):
        content = xlsx_bytes(registry_rows(run))
        organisation = Organisation.objects.create(code=f"bench{run}",
                                                   name=f"Tổ chức đo hiệu năng {run}")

        def once(dry_run, organisation=organisation, content=content):
            return registry_import(organisation=organisation, content=content,
                                   file_name="bench.xlsx", dry_run=dry_run)

        report, seconds = timed(lambda: once(True))
        assert report.ok, report.errors[:3]
        previews.append(seconds)
        cpu = time.process_time()
        report, seconds = timed(lambda: once(False))
        cpus.append(time.process_time() - cpu)
        assert report.ok and organisation.clusters.count() == CLUSTERS
        assert Membership.objects.filter(cluster__organisation=organisation).count() == ROWS
        applies.append(seconds)
    seconds, preview_seconds = median(applies), median(previews)
    print(f"import_registry_{ROWS}_rows: {ROWS / seconds:.0f} rows/s")
    print(f"import_registry_{ROWS}_rows_time: {seconds:.2f} s (median of {IMPORT_RUNS}, "
          f"{min(applies):.2f}–{max(applies):.2f})")
    print(f"import_registry_{ROWS}_rows_preview_time: {preview_seconds:.2f} s")
    # The process's own CPU time (SQLite runs inside it): what the figure would be on an idle
    # machine; far below the time above when other jobs share the cores.
    print(f"import_registry_{ROWS}_rows_cpu: {ROWS / median(cpus):.0f} rows/s "
          f"({os.getloadavg()[0]:.1f} load average)")


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


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
NATIONAL_CLUSTERS = 1300
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
    """The organisation-wide pages over seed_scale's 1,000 units × 5 years, through HTTP from
    gunicorn, each over the bare page (bench/http_pages.py)."""
    from bench.http_pages import time_pages
    from campaigns.models import Campaign
    from core.years import current_year
    from demo.scale import seed_scale
    from members.models import User

    last_year = current_year()
    organisation, seconds = timed(lambda: seed_scale(**SCALE, last_year=last_year,
                                                     out=lambda line: None))
    units = SCALE["clusters"] * SCALE["units_per_cluster"]
    print(f"seed_scale_{units}_units_{SCALE['years']}_years_time: {seconds:.1f} s")
    year = last_year - 1  # a complete year: scores, votes, nominations, decisions
    campaign = Campaign.objects.get(cluster__code="C001", cluster__organisation=organisation,
                                    year=year)
    unit = campaign.cluster.memberships.filter(year=year).first().unit
    org = f"org={organisation.code}"
    pages = [
        ("organisation_dashboard", f"/dashboard/?year={year}&{org}"),
        ("organisation_dashboard_chart", f"/dashboard/chart/ratings.svg?year={year}&{org}"),
        ("organisation_dashboard_xlsx", f"/dashboard/?year={year}&{org}&format=xlsx"),
        ("organisation_board", f"/board/?year={year}&{org}"),
        ("council", f"/awards/?year={year}&{org}"),
        ("calendar", f"/calendar/?year={year}&{org}"),
        ("cluster_dashboard", f"/campaigns/{campaign.pk}/dashboard/"),
        ("unit_history", f"/units/{unit.pk}/"),
    ]
    time_pages(User.objects.get(username="qm.lanhdao"), pages, REPEAT, f"_{units}_units")
    return organisation, year


def bench_dashboard_growth(organisation):
    """The organisation dashboard of the current year at 100 clusters, then at national
    scale (1,300 clusters of 10 units): the ratio of the two ratios to the bare page."""
    from bench.http_pages import time_pages
    from core.years import current_year
    from demo.scale import seed_scale
    from members.models import User

    year = current_year()
    page = [("organisation_dashboard", f"/dashboard/?year={year}&org={organisation.code}")]
    leader = User.objects.get(username="qm.lanhdao")
    small = time_pages(leader, page, REPEAT, f"_{SCALE['clusters']}_clusters")
    _, seconds = timed(lambda: seed_scale(clusters=NATIONAL_CLUSTERS, units_per_cluster=10,
                                          years=1, last_year=year, out=lambda line: None))
    print(f"seed_scale_{NATIONAL_CLUSTERS}_clusters_one_year_time: {seconds:.1f} s")
    large = time_pages(leader, page, REPEAT, f"_{NATIONAL_CLUSTERS}_clusters")
    print(f"organisation_dashboard_{NATIONAL_CLUSTERS}_over_{SCALE['clusters']}: "
          f"{large['organisation_dashboard'] / small['organisation_dashboard']:.1f}x")


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
    from documents.signing import sign_pdf

    sign_pdf(pdf)  # the first signature loads the key and rescales the stamp font once
    _signed, signing_seconds = timed(lambda: sign_pdf(pdf))
    print(f"year_summary_pdf_signing_time: {signing_seconds * 1000:.0f} ms")
    print(f"year_summary_pdf_signing_over_rendering: {signing_seconds / seconds:.3f}")


def bench_documents():
    """Every document kind of a cluster's year (the checklist test's year): building it from
    the database and rendering its PDF, over raw WeasyPrint on the same HTML (the same
    fetcher), medians of REPEAT runs; the worst kind is the figure of issue 19."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from core.years import current_year
    from documents import model
    from documents.pdf import ProjectFilesFetcher, render_pdf
    from tests.documents.test_checklists import year_documents

    worst = 0.0
    for kind, build in year_documents(current_year()).items():
        html = render_to_string("documents/document.html", {"doc": build(), "m": model})

        def raw(h=html):
            return HTML(string=h, base_url=str(settings.BASE_DIR / "static"),
                        url_fetcher=ProjectFilesFetcher()).write_pdf()

        ratio, full = interleaved_ratio(lambda b=build: render_pdf(b()), raw)
        worst = max(worst, ratio)
        print(f"document_{kind}_over_weasyprint: {ratio:.2f}x ({full * 1000:.0f} ms)")
    print(f"document_over_weasyprint: {worst:.2f}x")


def interleaved_ratio(function, reference, repeat=REPEAT):
    """(median of function's time over reference's, function's median time), the two run
    alternately so that both see the same machine (a busy CI core slows both)."""
    function(), reference()  # warm caches once
    ratios, times = [], []
    for _ in range(repeat):
        _, reference_time = timed(reference)
        _, function_time = timed(function)
        ratios.append(function_time / reference_time)
        times.append(function_time)
    return sorted(ratios)[repeat // 2], sorted(times)[repeat // 2]


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
        bench_documents()
        organisation, year = bench_dashboards()
        bench_year_summary(organisation, year)
        bench_dashboard_growth(organisation)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
