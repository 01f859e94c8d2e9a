"""Pages timed as a browser gets them: through HTTP from gunicorn, in another process, on the
bench's own database (a file for SQLite, the test database for PostgreSQL), signed in by a
session cookie. Each page is timed alternately with the bare page (/healthz), so the figure
printed, the median of the ratios, holds on a busy machine: whatever slows the page slows the
bare page too (issue 19: "an honest bench")."""

import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BARE = "/healthz"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn():
    """gunicorn with one synchronous worker on a free port, on this process's database."""
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench",
           "BENCH_DATABASE_NAME": str(connection.settings_dict["NAME"]),
           "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py",
                                "config.wsgi"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_until_up(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {process.stderr.read().decode()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def session_cookie(user):
    """A signed-in session for `user`, as the login page would leave it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Browser:
    """One kept-alive connection, with the session cookie on every request."""

    def __init__(self, port, cookie):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Cookie": cookie, "Accept-Language": "vi"}

    def get(self, path):
        start = time.perf_counter()
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - start
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:200]!r}")
        return seconds


def over_bare(browser, path, repeat):
    """(median of page time / bare page time, median page time, median bare time)."""
    browser.get(path), browser.get(BARE)  # warm: templates, translations, caches
    ratios, pages, bares = [], [], []
    for _ in range(repeat):
        bare = browser.get(BARE)
        page = browser.get(path)
        ratios.append(page / bare)
        pages.append(page)
        bares.append(bare)
    middle = repeat // 2
    return sorted(ratios)[middle], sorted(pages)[middle], sorted(bares)[middle]


def time_pages(user, pages, repeat, label):
    """Print each page's median ratio to the bare page, with both medians in ms; returns
    {name: ratio}."""
    found = {}
    with gunicorn() as port:
        browser = Browser(port, session_cookie(user))
        for name, path in pages:
            ratio, page, bare = over_bare(browser, path, repeat)
            found[name] = ratio
            print(f"{name}_over_bare{label}: {ratio:.1f}x ({page * 1000:.1f} ms; bare page "
                  f"{bare * 1000:.2f} ms)")
    return found
