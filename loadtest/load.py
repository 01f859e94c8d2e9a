"""`make load`: the evening before the year-end deadline, against the production runtime.

200 representatives log in, open their report, save their figures, submit; ten cluster
heads keep their dashboards open; the leader looks at the organisation dashboard. gunicorn
(config/gunicorn.py) and the task worker run as in production, on a fresh copy of the
seed_scale data (1,000 units, 5 years) in PostgreSQL. Prints requests per second and
p50/p95/p99 per page, checks every acknowledged submission against the database, and exits
non-zero when a target is missed.

    .venv/bin/python loadtest/load.py [--users 200] [--seconds 180] [--think 2 8] [--workers N]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

PORT = 8010
TARGETS = {"95%": 500, "99%": 1500}  # ms, per page (locust's percentile columns)


def main():
    options = parse_args()
    base = harness.postgres_url()
    harness.ensure_seed_database(base)
    url = harness.fresh_database(base, "portal_load")
    harness.setup_django(url)
    manifest = harness.deadline_evening(options.users, options.heads)
    manifest_path = harness.ARTIFACTS / "manifest.json"
    acks_path = harness.ARTIFACTS / "acks.jsonl"
    harness.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    harness.write_manifest(manifest, manifest_path)
    acks_path.unlink(missing_ok=True)
    harness.prepare_runtime(url)

    workers = options.workers
    web = harness.start_web(url, PORT, **({"WEB_CONCURRENCY": workers} if workers else {}))
    worker = harness.start_worker(url)
    try:
        harness.wait_healthy(PORT)
        total = options.users + options.heads + options.leaders
        harness.say(f"== load: {options.users} representatives, {options.heads} heads, "
                    f"{options.leaders} leader; {options.spawn_rate} new users/s; "
                    f"{options.seconds} s; think time {options.think[0]:g}–{options.think[1]:g} s")
        started = time.perf_counter()
        locust = harness.run_locust(
            port=PORT, manifest_path=manifest_path, acks_path=acks_path, users=total,
            spawn_rate=options.spawn_rate, seconds=options.seconds, heads=options.heads,
            leaders=options.leaders, csv_prefix=harness.ARTIFACTS / "load",
            think=tuple(options.think))
        locust.wait()
        elapsed = time.perf_counter() - started
    finally:
        web.stop()
        worker.stop()
    return report(manifest, acks_path, elapsed)


def report(manifest, acks_path, elapsed):
    rows = harness.read_stats(harness.ARTIFACTS / "load")
    failures = harness.read_failures(harness.ARTIFACTS / "load")
    harness.print_stats(rows)
    harness.say(f"load ran {elapsed:.0f} s (locust start to stop)")
    for failure in failures:
        harness.say(f"  failure: {failure['Name']}: {failure['Error']} "
                    f"×{failure['Occurrences']}")
    acks = harness.acknowledged(acks_path)
    stored, doubled = submissions_in_database(manifest["year"], acks)
    errors_5xx = harness.server_errors(failures)
    harness.say(f"submissions acknowledged: {len(acks)} of {len(manifest['representatives'])}; "
                f"in the database: {stored}; submitted twice: {doubled}")
    harness.say(f"server errors (5xx): {errors_5xx}")
    missed = [f"{row['Name']} p{column[:-1]} {row[column]} ms > {limit} ms"
              for row in rows if row["Name"] != "Aggregated"
              for column, limit in TARGETS.items() if float(row[column]) > limit]
    for line in missed:
        harness.say(f"TARGET NOT MET: {line}")
    ok = not missed and errors_5xx == 0 and stored == len(acks) and doubled == 0
    harness.say("RESULT: " + ("all targets met" if ok else "targets not met (see above)"))
    return 0 if ok else 1


def submissions_in_database(year, acks):
    """(how many acknowledged reports are submitted in the database, how many reports
    of this year hold more than one submitted version)."""
    from django.db.models import Count

    from reports.models import Report

    reports = Report.objects.filter(campaign__year=year, period="yearend")
    acknowledged = {ack["report"] for ack in acks}
    submitted = {f"/campaigns/{r.campaign_id}/units/{r.unit_id}/reports/yearend/"
                 for r in reports.filter(status="submitted")}
    doubled = reports.annotate(n=Count("versions")).filter(n__gt=1).count()
    return len(acknowledged & submitted), doubled


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200, help="representatives")
    parser.add_argument("--heads", type=int, default=10)
    parser.add_argument("--leaders", type=int, default=1)
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--think", type=float, nargs=2, default=(2, 8), metavar=("MIN", "MAX"),
                        help="seconds a user waits between two pages (default 2 8)")
    parser.add_argument("--workers", type=int, default=0,
                        help="gunicorn workers (default: config/gunicorn.py, 2 × cores + 1)")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
