"""gunicorn settings for the portal: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value can be overridden from the environment (docs/deployment.md, "Processes").

Worker count: the portal's requests are CPU-bound Python (templates, permission checks,
password hashing at login) with short database round trips, so one synchronous worker per
core plus one spare is enough to keep both cores busy while one worker waits on
PostgreSQL: 2 × cores + 1, which is gunicorn's own advice. On the 2-core machine of the
load test that is 5 workers; more only adds memory and PostgreSQL connections (each worker
keeps one) without adding throughput — see the figures in docs/deployment.md.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# A request that takes longer than this is killed and logged (the largest page, the
# organisation dashboard at 1,000 units, takes about 0.2 s; big files go to the task worker).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Recycle each worker after a few thousand requests: PDF rendering in a request (a single
# unit's dossier) can leave fragmented memory behind.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = 200
# Import Django once in the master: workers fork with the code loaded, start in
# milliseconds and share its memory. No database connection is opened at import time.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "thidua-web"
# gunicorn's control socket (one fixed path in $HOME) is not used: systemd sends HUP/TERM.
# Left on, two app servers on one machine would take the same socket from each other.
control_socket_disable = True


def when_ready(server):
    """Runs in the master after the app is loaded, before any worker is forked: warm it up
    once so that no worker pays for compiling templates on its first requests."""
    from config.warmup import warm_up

    warm_up()
