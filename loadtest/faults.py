"""`make faults`: what the secretariat must be able to trust when something breaks.

1. PostgreSQL restarted, and later stopped for 5 s, in the middle of the deadline load: the
   portal serves again within 10 seconds of PostgreSQL being back, answers 503 (never 500)
   meanwhile, and every submission it acknowledged is in the database.
2. The task worker killed (SIGKILL) in the middle of the year-summary PDF: after a restart
   the job finishes exactly once.
3. Two app servers on two ports against one database: a change made through one is seen
   through the other, and the same submission or ballot sent to both at the same instant is
   recorded once.
4. Backup and restore (deploy/backup.sh, deploy/restore.sh) of the database left by 3: the
   restored copy holds the same rows, needs no migration, and serves a representative's
   report.

Each scenario works on a fresh copy of the seed_scale data; the runtime is the production
one (deploy/serve-prod.sh). Exits non-zero when a check fails.

    .venv/bin/python loadtest/faults.py [--only restart|worker|two-servers|backup]
"""

import argparse
import json
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from forms import FormFields  # noqa: E402
from harness import Browser  # noqa: E402

DATABASE = "portal_faults"
PASSWORD = "ThiDua@2026"  # demo.scale.PASSWORD, every seed_scale login
RESTART_WITHIN_SECONDS = 10
# The worker scenario: a heartbeat every 2 s, a job silent for 10 s is presumed lost.
WORKER_ENV = {"JOBS_HEARTBEAT_SECONDS": 2, "JOBS_STALE_AFTER_SECONDS": 10}


class Checks:
    def __init__(self):
        self.failed = []

    def check(self, ok, text):
        harness.say(f"  [{'ok' if ok else 'FAILED'}] {text}")
        if not ok:
            self.failed.append(text)


def fresh(base):
    from django.db import connections

    connections.close_all()
    return harness.fresh_database(base, DATABASE)


# --- 1. PostgreSQL restarted under load ---------------------------------------------------

class HealthWatch(threading.Thread):
    """Polls /healthz every 0.1 s, recording (time, status)."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.samples, self.running = port, [], True

    def run(self):
        while self.running:
            self.samples.append((time.perf_counter(), harness.healthy(self.port, timeout=2)))
            time.sleep(0.1)

    def outage_between(self, start, end):
        """(first failed sample, first healthy sample after it) between start and end."""
        window = [(t, ok) for t, ok in self.samples if start <= t < end]
        down = next((t for t, ok in window if not ok), None)
        if down is None:
            return None, None
        return down, next((t for t, ok in window if t > down and ok), None)


# What is done to PostgreSQL during the load: (seconds into it, what).
DISRUPTIONS = [(20, "restart"), (35, "stop for 5 s, then start")]


@dataclass
class Disruption:
    what: str
    began: float
    back: float  # when pg_ctlcluster returned with PostgreSQL accepting connections
    acknowledged_before: int


def disrupt(what, acks_path):
    version, name = harness.postgres_cluster()
    acknowledged = len(harness.acknowledged(acks_path))
    harness.say(f"  PostgreSQL {version}/{name}: {what} "
                f"({acknowledged} submissions acknowledged so far)")
    began = time.perf_counter()
    if what == "restart":
        subprocess.run(["pg_ctlcluster", version, name, "restart"], check=True)
    else:
        subprocess.run(["pg_ctlcluster", version, name, "stop"], check=True)
        time.sleep(5)
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=True)
    return Disruption(what, began, time.perf_counter(), acknowledged)


def restart_under_load(base, checks, *, users=100, seconds=85):
    harness.say(f"\n== 1. PostgreSQL restarted, then stopped, under load ({users} "
                f"representatives)")
    url = fresh(base)
    manifest = harness.deadline_evening(users, heads=5)
    manifest_path, acks_path = (harness.ARTIFACTS / "faults-manifest.json",
                                harness.ARTIFACTS / "faults-acks.jsonl")
    harness.write_manifest(manifest, manifest_path)
    acks_path.unlink(missing_ok=True)
    harness.prepare_runtime(url)
    port = 8011
    web, worker = harness.start_web(url, port), harness.start_worker(url, "faults-worker")
    try:
        harness.wait_healthy(port)
        watch = HealthWatch(port)
        watch.start()
        locust = harness.run_locust(
            port=port, manifest_path=manifest_path, acks_path=acks_path, users=users + 5,
            spawn_rate=4, seconds=seconds, heads=5, leaders=0,
            csv_prefix=harness.ARTIFACTS / "faults-restart")
        started, disruptions = time.perf_counter(), []
        for at, what in DISRUPTIONS:
            time.sleep(max(0.0, at - (time.perf_counter() - started)))
            disruptions.append(disrupt(what, acks_path))
        locust.wait()
        watch.running = False
        worker_alive = worker.popen.poll() is None
    finally:
        web.stop()
        worker.stop()
    ends = [d.began for d in disruptions[1:]] + [float("inf")]
    for disruption, end in zip(disruptions, ends, strict=True):
        check_recovery(watch, disruption, end, checks)
    check_requests_and_submissions(manifest, acks_path, disruptions[0], checks)
    checks.check(worker_alive, "the task worker survived both (it waits and retries)")


def check_recovery(watch, disruption, end, checks):
    down, back = watch.outage_between(disruption.began, end)
    took = disruption.back - disruption.began
    if down is None:
        harness.say(f"  {disruption.what}: took {took:.1f} s; /healthz never failed")
        return
    if back is None:
        checks.check(False, f"{disruption.what}: the portal served again")
        return
    again = max(0.0, back - disruption.back)
    harness.say(f"  {disruption.what}: took {took:.1f} s (pg_ctlcluster); /healthz answered "
                f"503 for {back - down:.1f} s")
    checks.check(again <= RESTART_WITHIN_SECONDS,
                 f"serving again {again:.1f} s after PostgreSQL was back "
                 f"(limit {RESTART_WITHIN_SECONDS} s)")


def check_requests_and_submissions(manifest, acks_path, first, checks):
    failures = harness.read_failures(harness.ARTIFACTS / "faults-restart")
    by_status = {}
    for failure in failures:
        found = re.search(r"HTTP (\d+)", failure["Error"])
        key = found.group(1) if found else failure["Error"]
        by_status[key] = by_status.get(key, 0) + int(failure["Occurrences"])
    rows = harness.read_stats(harness.ARTIFACTS / "faults-restart")
    total = next(r for r in rows if r["Name"] == "Aggregated")
    harness.say(f"  {total['Request Count']} requests; failed while PostgreSQL was away: "
                f"{by_status or 'none'}")
    checks.check(not any(key.startswith("5") and key != "503" for key in by_status),
                 "no 500: requests that met PostgreSQL away were answered 503 + Retry-After")
    acks = harness.acknowledged(acks_path)
    stored = submitted_reports(manifest["year"], acks)
    checks.check(stored == len(acks) and len(acks) > first.acknowledged_before,
                 f"every acknowledged submission is in the database: {stored} of {len(acks)} "
                 f"({len(acks) - first.acknowledged_before} acknowledged after the restart)")


def submitted_reports(year, acks):
    from django.db import connections

    from reports.models import Report

    connections.close_all()  # this process's connection did not survive the restart
    keys = {(int(p[2]), int(p[4])) for p in (a["report"].split("/") for a in acks)}
    rows = Report.objects.filter(campaign__year=year, period="yearend",
                                 status__in=["submitted", "resubmitted"]) \
        .values_list("campaign_id", "unit_id")
    return len(keys & set(rows))


# --- 2. The task worker killed in the middle of a PDF -------------------------------------

def worker_killed(base, checks):
    harness.say("\n== 2. Task worker killed in the middle of the year-summary PDF")
    url = fresh(base)
    harness.prepare_runtime(url)
    from django.db import transaction
    from django_tasks import TaskResultStatus

    from clusters.models import Organisation
    from demo.scale import ORG_CODE
    from jobs.models import FileJob
    from jobs.services import request_file
    from jobs.tasks import build_file
    from members.models import User

    organisation = Organisation.objects.get(code=ORG_CODE)
    with transaction.atomic():
        job, _created = request_file(organisation=organisation, year=harness_year(),
                                     kind=FileJob.Kind.YEAR_SUMMARY_PDF,
                                     user=User.objects.get(username="qm.thuky"))
    first = harness.start_worker(url, "worker-killed", **WORKER_ENV)
    progress = wait_for(lambda: _job(job.pk).status == "running" and _job(job.pk).progress > 0,
                        within=60)
    if not progress:
        checks.check(False, "the worker started the job")
        first.stop()
        return
    seen = _job(job.pk)
    killed_task = seen.task_id
    first.kill()
    killed_at = time.perf_counter()
    harness.say(f"  killed the worker (SIGKILL) at {seen.progress} %: “{seen.step}”")
    time.sleep(1)
    checks.check(_job(job.pk).status == "running",
                 "after the kill the job is left “being built” (nobody else knows yet)")
    second = harness.start_worker(url, "worker-restarted", **WORKER_ENV)
    try:
        done = wait_for(lambda: _job(job.pk).status in ("done", "failed"), within=120)
    finally:
        second.stop()
    job = _job(job.pk)
    harness.say(f"  after the restart: {job.status} in {time.perf_counter() - killed_at:.1f} s "
                f"(presumed lost after {WORKER_ENV['JOBS_STALE_AFTER_SECONDS']} s of silence)")
    checks.check(done and job.status == "done" and job.attempts == 2,
                 f"the job finished after the restart: status {job.status}, "
                 f"attempts {job.attempts}")
    content = job.file.read() if job.file else b""
    checks.check(content.startswith(b"%PDF"), f"its file is a PDF ({len(content):,} bytes)")
    files = [p for p in (Path(harness.ARTIFACTS / "media") / Path(job.file.name).parent).glob(
        "bao-cao-tong-hop-*.pdf")] if job.file else []
    # The task library is asked only through its public API; the killed attempt's task is
    # its record (django-tasks-db shows it running for ever), ours is FileJob.
    new_task = build_file.get_result(job.task_id) if job.task_id else None
    killed = build_file.get_result(killed_task).status if killed_task else "?"
    checks.check(len(files) == 1 and job.task_id != killed_task and new_task is not None
                 and new_task.status == TaskResultStatus.SUCCESSFUL,
                 f"built exactly once: {len(files)} file on disk; attempt 2 ran as a new task "
                 f"({new_task.status if new_task else 'none'}); the killed task is left as "
                 f"the library keeps it ({killed})")


def harness_year():
    from campaigns.models import Campaign
    from demo.scale import ORG_CODE

    return Campaign.objects.filter(cluster__organisation__code=ORG_CODE).latest("year").year


def _job(pk):
    from jobs.models import FileJob

    return FileJob.objects.get(pk=pk)


def wait_for(condition, within, every=0.1):
    start = time.perf_counter()
    while time.perf_counter() - start < within:
        if condition():
            return True
        time.sleep(every)
    return False


# --- 3. Two app servers, one database -----------------------------------------------------

def report_form(html):
    return FormFields.of(html, "report-form")


def two_servers(base, checks, *, pairs=20):
    harness.say("\n== 3. Two app servers (ports 8012 and 8013), one database")
    url = fresh(base)
    manifest = harness.deadline_evening(representatives=pairs, heads=3)
    harness.prepare_runtime(url)
    a, b = harness.start_web(url, 8012), harness.start_web(url, 8013)
    try:
        harness.wait_healthy(8012)
        harness.wait_healthy(8013)
        password = manifest["password"]
        seen_across(manifest, password, checks)
        submissions_once(manifest, password, checks)
        ballots_once(manifest, password, checks)
    finally:
        a.stop()
        b.stop()


def seen_across(manifest, password, checks):
    rep = manifest["representatives"][0]
    on_a = Browser(8012).login(rep["username"], password)
    on_b = on_a.on(8013)
    checks.check(on_b.get("/").url.endswith("/"),
                 "a login made through server A is valid through server B (sessions in the "
                 "database)")
    form = report_form(on_a.get(rep["report"]).text)
    figures = [name for name in form if name.startswith("actual-")]
    form.update({figures[0]: "4321", "results": "Đã lưu qua máy chủ A.", "save": "1"})
    on_a.post(rep["report"], form)
    page = on_b.get(rep["report"]).text
    checks.check(report_form(page).get(figures[0]) == "4321" and "Đã lưu qua máy chủ A." in page,
                 "a draft saved through server A is read back through server B")


def submissions_once(manifest, password, checks):
    reps = manifest["representatives"]
    people = [(rep, Browser(8012).login(rep["username"], password)) for rep in reps]
    forms = []
    for rep, on_a in people:
        form = report_form(on_a.get(rep["report"]).text)
        for name in form:
            if name.startswith("actual-"):
                form[name] = "150"
        form.update({"results": "Hoàn thành các chỉ tiêu đã đăng ký.", "submit": "1"})
        forms.append((rep, on_a, on_a.on(8013), form))
    barrier = threading.Barrier(2 * len(forms))

    def send(browser, rep, form):
        barrier.wait()
        return browser.post(rep["report"], form).status_code

    with ThreadPoolExecutor(2 * len(forms)) as pool:
        statuses = list(pool.map(lambda args: send(*args),
                                 [(browser, rep, form) for rep, on_a, on_b, form in forms
                                  for browser in (on_a, on_b)]))
    from reports.models import ReportVersion

    year = manifest["year"]
    versions = ReportVersion.objects.filter(report__campaign__year=year,
                                            report__period="yearend").count()
    checks.check(all(status == 200 for status in statuses) and versions == len(forms),
                 f"{len(forms)} representatives each submitted through A and B at the same "
                 f"instant: {versions} submissions recorded (HTTP {sorted(set(statuses))})")


def ballots_once(manifest, password, checks):
    """Every voter POSTs the same encrypted ballot through A and B at the same instant: one
    is accepted per unit; the board (in Python, voting/python_client.py) counts them all."""
    from datetime import timedelta

    from django.utils import timezone

    from campaigns.models import Campaign
    from clusters.models import Unit
    from demo.scale import results_locked_for_conference
    from members.models import Representative
    from voting import python_client, services
    from voting.models import EncryptedBallot, Tally, VotingSession

    head = manifest["heads"][1]
    campaign = Campaign.objects.get(pk=int(head["dashboard"].split("/")[2]))
    # The vote is prepared from locked results only: the year-end done up to the vote.
    results_locked_for_conference(campaign, locked_at=timezone.now() - timedelta(hours=1))
    session = services.session_prepare(campaign=campaign)
    services.attendance_set(session=session, units=services.member_units(campaign))
    head_on_a = Browser(8012).login(head["username"], password)
    head_on_a.post(f"/campaigns/{campaign.pk}/vote/open/", {})
    session.refresh_from_db()
    secrets = python_client.board_keys_publish(session)  # the board's browsers
    question = session.questions.get(kind="head")
    voters = dict(Representative.objects.filter(
        is_designated_voter=True, unit__memberships__cluster=campaign.cluster,
        unit__memberships__year=campaign.year).values_list("unit_id", "user__username"))
    first_voter = Browser(8013).login(voters[next(iter(voters))], password)
    ballot_page = first_voter.get(f"/questions/{question.pk}/ballot/")
    checks.check(session.status == VotingSession.Status.OPEN and ballot_page.status_code == 200
                 and 'id="ballot-form"' in ballot_page.text,
                 "the vote opened by the head through server A shows its ballot through B")
    candidate = question.candidates.order_by("pk").first()
    units = Unit.objects.in_bulk(list(voters))
    # Each unit's ballot encrypted once, as its browser would, then sent twice at once.
    bodies = {unit_id: json.dumps(python_client.ballot_json(question, units[unit_id],
                                                            [candidate.unit]))
              for unit_id in voters}
    browsers = [(Browser(8012).login(username, password), bodies[unit_id])
                for unit_id, username in voters.items()]
    barrier = threading.Barrier(2 * len(browsers))

    def cast(pair):
        browser, body = pair
        barrier.wait()
        return browser.post(f"/questions/{question.pk}/ballot/", {"ballot": body})

    with ThreadPoolExecutor(2 * len(browsers)) as pool:
        responses = list(pool.map(cast, [(b, body) for on_a, body in browsers
                                         for b in (on_a, on_a.on(8013))]))
    receipts = sum('id="receipt-code"' in r.text for r in responses)
    casts = EncryptedBallot.objects.filter(question=question).count()
    services.question_close(question=question)
    question.refresh_from_db()
    python_client.board_decrypt(question, secrets)
    yes = sum(Tally.objects.filter(candidate__question=question).values_list("yes", flat=True))
    checks.check(casts == len(browsers) and yes == len(browsers) and receipts == len(browsers),
                 f"{len(browsers)} voters each cast the same ballot through A and B at the same "
                 f"instant: {casts} ballots, {yes} votes counted, {receipts} receipts")


# --- 4. Backup and restore -----------------------------------------------------------------

COUNTED = {"units": "SELECT count(*) FROM clusters_unit",
           "reports": "SELECT count(*) FROM reports_report",
           "report versions": "SELECT count(*) FROM reports_reportversion",
           "ballots": "SELECT count(*) FROM voting_encryptedballot",
           "votes counted": "SELECT coalesce(sum(yes), 0) FROM voting_tally",
           "users": "SELECT count(*) FROM members_user"}


def backup_restore(base, checks):
    harness.say("\n== 4. Backup (pg_dump) and a tested restore")
    url = harness.database_url(base, DATABASE)
    backups = harness.ARTIFACTS / "backups"
    env = harness.runtime_env(url, BACKUP_DIR=backups, KEEP_DAYS=1)
    started = time.perf_counter()
    dump = subprocess.run(["bash", "deploy/backup.sh"], cwd=harness.ROOT, env=env,
                                  capture_output=True, text=True, check=True).stdout.strip()
    took_dump = time.perf_counter() - started
    restored = harness.database_url(base, "portal_restored")
    harness.admin_sql("DROP DATABASE IF EXISTS portal_restored")
    harness.admin_sql("CREATE DATABASE portal_restored OWNER portal")
    started = time.perf_counter()
    subprocess.run(["bash", "deploy/restore.sh", dump, restored], cwd=harness.ROOT,
                           check=True, capture_output=True)
    took_restore = time.perf_counter() - started
    size = Path(dump).stat().st_size
    harness.say(f"  dump {size / 2**20:.1f} MB in {took_dump:.1f} s; restore {took_restore:.1f} s")
    original = {label: _count(url, sql) for label, sql in COUNTED.items()}
    copy = {label: _count(restored, sql) for label, sql in COUNTED.items()}
    checks.check(original == copy, "the restored database holds the same rows: " +
                 ", ".join(f"{label} {n:,}" for label, n in copy.items()))
    migrations = subprocess.run(
        [harness.PY, "manage.py", "migrate", "--check"], cwd=harness.ROOT,
        env=harness.runtime_env(restored), capture_output=True, text=True)
    checks.check(migrations.returncode == 0, "the restored database needs no migration")
    web = harness.start_web(restored, 8014, name="web-restored")
    try:
        harness.wait_healthy(8014)
        username, path = _a_submitted_report()
        page = Browser(8014).login(username, PASSWORD).get(path)
        checks.check(page.status_code == 200 and 'data-status="submitted"' in page.text,
                     "the portal serves the restored copy: a representative logs in and sees "
                     "a report submitted before the backup")
    finally:
        web.stop()


def _a_submitted_report():
    """(username, report page) of a report submitted in the database that was backed up."""
    from members.models import Representative
    from reports.models import Report

    report = Report.objects.filter(status="submitted").order_by("-submitted_at").first()
    username = Representative.objects.filter(unit=report.unit_id, is_designated_voter=True) \
        .values_list("user__username", flat=True).get()
    return username, f"/campaigns/{report.campaign_id}/units/{report.unit_id}/reports/" \
                     f"{report.period}/"


def _count(url, sql):
    done = subprocess.run(["psql", url, "-qAtc", sql], capture_output=True, text=True,
                                  check=True)
    return int(done.stdout.strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["restart", "worker", "two-servers", "backup"])
    only = parser.parse_args().only
    base = harness.postgres_url()
    harness.ensure_seed_database(base)
    url = harness.database_url(base, DATABASE)
    harness.fresh_database(base, DATABASE)
    harness.setup_django(url)
    checks = Checks()
    started = time.perf_counter()
    scenarios = {"restart": restart_under_load, "worker": worker_killed,
                 "two-servers": two_servers, "backup": backup_restore}
    for name, scenario in scenarios.items():
        if only in (None, name):
            scenario(base, checks)
    harness.say(f"\n{len(checks.failed)} check(s) failed; {time.perf_counter() - started:.0f} s"
                if checks.failed else
                f"\nRESULT: every fault check passed ({time.perf_counter() - started:.0f} s)")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
