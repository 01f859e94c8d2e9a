"""What `make load` and `make faults` share: a PostgreSQL copy of the seed_scale data, the
production runtime (deploy/serve-prod.sh) started as separate processes, and locust.

The seed_scale data (100 clusters × 10 units × 5 years, ~1.5 minutes to build) is built once
into the database `portal_loadseed`, stamped with a hash of the code that shapes it; each
run works on a fresh copy (`CREATE DATABASE … TEMPLATE`, a second or two), so every run
starts on the same evening before the deadline.
"""

import csv
import datetime
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import requests  # comes with locust (the load extra)

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
ARTIFACTS = ROOT / "test-artifacts" / "load"
SEED_DATABASE = "portal_loadseed"
SCALE = {"clusters": 100, "units-per-cluster": 10, "years": 5}
CHARTS = ["semiannual", "ratings"]


def say(message):
    print(message, flush=True)


# --- PostgreSQL ---------------------------------------------------------------------------

def postgres_url():
    """The machine's PostgreSQL (started if stopped), as the `portal` role."""
    done = subprocess.run(["bash", "scripts/postgres-up.sh"], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode != 0 or not done.stdout.strip():
        sys.exit("PostgreSQL is required for the load and fault tests and could not be started.")
    return done.stdout.strip()


def database_url(base_url, name):
    return base_url.rsplit("/", 1)[0] + "/" + name


def admin_sql(sql):
    done = subprocess.run(["runuser", "-u", "postgres", "--", "psql", "-qAtc", sql],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def postgres_cluster():
    version, name = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True,
                                   text=True, check=True).stdout.split()[:2]
    return version, name


def _seed_stamp():
    """Changes when the data or the schema the seed produces would change."""
    digest = hashlib.sha256(json.dumps(SCALE).encode())
    shaping = [ROOT / "demo" / "scale.py", ROOT / "members" / "hashers.py",
               *ROOT.glob("*/migrations/*.py")]
    for path in sorted(shaping):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _drop(name):
    admin_sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname='{name}'")
    admin_sql(f'DROP DATABASE IF EXISTS "{name}"')


def ensure_seed_database(base_url):
    stamp = _seed_stamp()
    current = admin_sql("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                        f"WHERE datname='{SEED_DATABASE}'")
    if current == stamp:
        say(f"== seed data: {SEED_DATABASE} is up to date")
        return
    say(f"== seed data: building {SEED_DATABASE} (seed_scale, about 1.5 minutes, once)")
    _drop(SEED_DATABASE)
    admin_sql(f'CREATE DATABASE "{SEED_DATABASE}" OWNER portal')
    env = runtime_env(database_url(base_url, SEED_DATABASE))
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    args = [f"--{key}={value}" for key, value in SCALE.items()]
    subprocess.run([PY, "manage.py", "seed_scale", *args], cwd=ROOT, env=env, check=True)
    admin_sql(f"COMMENT ON DATABASE \"{SEED_DATABASE}\" IS '{stamp}'")


def fresh_database(base_url, name):
    """A copy of the seed data, with an empty MEDIA_ROOT to match; returns its DATABASE_URL."""
    shutil.rmtree(ARTIFACTS / "media", ignore_errors=True)
    _drop(name)
    admin_sql(f'CREATE DATABASE "{name}" TEMPLATE "{SEED_DATABASE}" OWNER portal')
    return database_url(base_url, name)


# --- the runtime --------------------------------------------------------------------------

_SECRET = secrets.token_urlsafe(64)


def runtime_env(url, **extra):
    """The environment of deploy/serve-prod.sh (plain HTTP on the loopback)."""
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=_SECRET,
               DJANGO_SETTINGS_MODULE="config.settings.production",
               ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="false",
               SECURE_COOKIES="false", SECURE_HSTS_SECONDS="0",
               MEDIA_ROOT=str(ARTIFACTS / "media"))
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Process:
    """A runtime process in its own session, its output in test-artifacts/load/<name>.log."""

    def __init__(self, name, mode, env):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.name, self.log = name, open(ARTIFACTS / f"{name}.log", "ab")
        self.popen = subprocess.Popen(["bash", "deploy/serve-prod.sh", mode], cwd=ROOT, env=env,
                                      stdout=self.log, stderr=subprocess.STDOUT,
                                      start_new_session=True)

    @property
    def pid(self):
        return self.popen.pid

    def kill(self):
        """As the kernel's OOM killer or a power cut would: no chance to clean up."""
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()

    def stop(self):
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def prepare_runtime(url):
    subprocess.run(["bash", "deploy/serve-prod.sh", "prepare"], cwd=ROOT,
                   env=runtime_env(url), check=True)


def start_web(url, port, name=None, **extra):
    return Process(name or f"web-{port}", "web",
                   runtime_env(url, GUNICORN_BIND=f"127.0.0.1:{port}", **extra))


def start_worker(url, name="worker", **extra):
    return Process(name, "worker", runtime_env(url, **extra))


def healthy(port, timeout=1.0):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_healthy(port, within=30.0):
    """Seconds until /healthz answers 200; SystemExit if it does not within the limit."""
    start = time.perf_counter()
    while time.perf_counter() - start < within:
        if healthy(port):
            return time.perf_counter() - start
        time.sleep(0.1)
    sys.exit(f"The portal on port {port} did not answer /healthz within {within:.0f} s "
             f"(see {ARTIFACTS}).")


# --- the evening before the deadline ------------------------------------------------------

def setup_django(url):
    """ORM access from this process, to the same database as the runtime."""
    os.environ.update(runtime_env(url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# After the year-end deadline, in order (the campaign_milestones_in_order constraint).
LATER_MILESTONES = ["selfscore_due", "verification_due", "conference_on", "dossier_due"]


def deadline_evening(representatives=200, heads=10):
    """Move this year's year-end deadline to tomorrow and write the locust manifest:
    representatives of two ordinary member units per cluster, the heads of the first
    clusters, the leader. Returns the manifest."""
    from django.utils import timezone

    from campaigns.models import Campaign
    from clusters.models import Membership
    from demo.scale import ORG_CODE, PASSWORD
    from members.models import Representative
    from reports.services import report_get_or_create

    year = Campaign.objects.filter(cluster__organisation__code=ORG_CODE).latest("year").year
    campaigns = list(Campaign.objects.filter(cluster__organisation__code=ORG_CODE, year=year)
                     .select_related("cluster").order_by("cluster__code"))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for campaign in campaigns:
        campaign.yearend_due = tomorrow
        # The later milestones follow (late in the year they would fall before it).
        for later in LATER_MILESTONES:
            setattr(campaign, later, max(getattr(campaign, later), tomorrow))
    Campaign.objects.bulk_update(campaigns, ["yearend_due", *LATER_MILESTONES])
    memberships = {}
    for m in Membership.objects.filter(year=year, cluster__in=[c.cluster for c in campaigns]) \
            .select_related("unit").order_by("unit__code"):
        memberships.setdefault(m.cluster_id, []).append(m)
    user_of = dict(Representative.objects.filter(is_designated_voter=True)
                   .values_list("unit_id", "user__username"))
    reps, head_users = [], []
    per_cluster = -(-representatives // len(campaigns))
    for campaign in campaigns:
        members = memberships[campaign.cluster_id]
        ordinary = [m for m in members if m.role == Membership.Role.MEMBER][:per_cluster]
        for m in ordinary:
            # The year-end report as the launch creates it (seed_scale writes none for the
            # current year): the representative opens it as a draft.
            report_get_or_create(campaign=campaign, unit=m.unit, period="yearend")
        reps += [{"username": user_of[m.unit_id],
                  "report": f"/campaigns/{campaign.pk}/units/{m.unit_id}/reports/yearend/"}
                 for m in ordinary]
        head = next(m for m in members if m.role == Membership.Role.HEAD)
        head_users.append({"username": user_of[head.unit_id],
                           "dashboard": f"/campaigns/{campaign.pk}/dashboard/"})
    return {"year": year, "password": PASSWORD, "charts": CHARTS,
            "representatives": reps[:representatives], "heads": head_users[:heads],
            "leaders": [{"username": "qm.lanhdao"}]}


def write_manifest(manifest, path):
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def run_locust(*, port, manifest_path, acks_path, users, spawn_rate, seconds, heads, leaders,
               csv_prefix, think=(2, 8)):
    """Start locust headless in the background; returns the process (its exit code is 1
    when any request failed)."""
    env = dict(os.environ, LOAD_MANIFEST=str(manifest_path), LOAD_ACKS=str(acks_path),
               LOAD_HEADS=str(heads), LOAD_LEADERS=str(leaders),
               LOAD_THINK_MIN=str(think[0]), LOAD_THINK_MAX=str(think[1]))
    command = [str(ROOT / ".venv" / "bin" / "locust"), "-f", "loadtest/locustfile.py",
               "--headless", "--host", f"http://127.0.0.1:{port}", "-u", str(users),
               "-r", str(spawn_rate), "-t", f"{seconds}s", "--csv", str(csv_prefix),
               "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING",
               # Name the classes: one with fixed_count 0 would otherwise share the users.
               "Representative", *(["ClusterHead"] if heads else []),
               *(["Leader"] if leaders else [])]
    with open(ARTIFACTS / "locust.log", "ab") as log:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)


def read_stats(csv_prefix):
    """Rows of locust's per-request statistics, the aggregated row last."""
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_failures(csv_prefix):
    with open(f"{csv_prefix}_failures.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def print_stats(rows):
    say(f"{'page':34} {'requests':>8} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'max':>6} {'errors':>6}")
    for row in rows:
        name = "ALL" if row["Name"] == "Aggregated" else row["Name"]
        say(f"{name:34} {row['Request Count']:>8} {float(row['Requests/s']):6.1f} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} "
            f"{float(row['Max Response Time']):6.0f} {row['Failure Count']:>6}")
    say("(latencies in ms over the whole run, ramp-up included)")


def server_errors(failures):
    return sum(int(f["Occurrences"]) for f in failures if "HTTP 5" in f["Error"])


def acknowledged(acks_path):
    if not acks_path.exists():
        return []
    return [json.loads(line) for line in acks_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


# --- a person's browser, for the scenarios that script each request ----------------------

class Browser:
    """One person's browser session against one server (requests + cookies). `record`, when
    given, is called as record(name, seconds, response) after each request that has a name."""

    def __init__(self, port, record=None):
        self.base, self.session = f"http://127.0.0.1:{port}", requests.Session()
        self.record = record

    def login(self, username, password):
        page = self.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self._send("post", "/accounts/login/", "sign in", data={
            "csrfmiddlewaretoken": token, "username": username, "password": password})
        assert "/accounts/login/" not in response.url, f"login refused for {username}"
        return self

    def on(self, port):
        """The same person (same session cookie) on another server."""
        other = Browser(port, self.record)
        other.session.cookies.update(self.session.cookies)
        return other

    def get(self, path, name=None):
        return self._send("get", path, name)

    def post(self, path, data, name=None):
        token = self.session.cookies.get("csrftoken")
        return self._send("post", path, name, data={"csrfmiddlewaretoken": token, **data})

    def _send(self, method, path, name, **options):
        started = time.perf_counter()
        response = getattr(self.session, method)(self.base + path, timeout=60, **options)
        if self.record is not None and name is not None:
            self.record(name, time.perf_counter() - started, response)
        return response
