"""Real-browser tests: Debian's Chromium driven by Playwright against the live server.

Never `playwright install`: the browser is the system package /usr/bin/chromium.
"""

import datetime
import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


class _OneRequestAtATimeOnSharedSQLite(ThreadedWSGIServer):
    """The live server, serving one request at a time when its threads share the test's
    in-memory SQLite connection (pytest-django hands that one connection to every thread).

    Python's sqlite3 calls some SQLite functions (finalising a statement) holding the GIL,
    while a query in another thread holds the connection's mutex and waits for the GIL to
    call Django's SQL functions: the two threads wait for each other forever. A page whose
    charts load in parallel hung a test run so. Keep-alive connections still get their own
    threads; only the application, up to the response's close, is one at a time.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, connections_override=connections_override, **kwargs)
        self._one_at_a_time = threading.Lock() if connections_override else None

    def set_app(self, application):
        if self._one_at_a_time is None:
            return super().set_app(application)
        lock = self._one_at_a_time

        def serialised(environ, start_response):
            lock.acquire()
            try:
                return _ReleasedOnClose(application(environ, start_response), lock)
            except BaseException:
                lock.release()
                raise

        return super().set_app(serialised)


class _ReleasedOnClose:
    """A response body that keeps the lock until the server closes it (a streamed body
    still reads the database while it is sent)."""

    def __init__(self, body, lock):
        self.body, self.lock = body, lock

    def __iter__(self):
        return iter(self.body)

    def close(self):  # wsgiref may call it twice when sending an error fails
        lock, self.lock = self.lock, None
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            if lock is not None:
                lock.release()


LiveServerThread.server_class = _OneRequestAtATimeOnSharedSQLite


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))


def login(page, username, password="ThiDua@2026"):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def conference_prepared(*, org_code, cluster_code, cluster_name, units, username_prefix):
    """A cluster's year this year with its results locked and its vote prepared, every unit
    present: (campaign, {code: unit}, session). `units` are (code, name, role) triples; a
    unit's representative signs in as "<username_prefix>-<code in lower case>"."""
    from campaigns import services as campaign_services
    from campaigns.models import Campaign
    from tests.factories import make_cluster, make_membership, make_org, make_rep, make_unit
    from tests.helpers import lock_results
    from voting import services

    org = make_org(code=org_code)
    cluster = make_cluster(org, code=cluster_code, name=cluster_name)
    year = datetime.date.today().year
    made = {}
    for code, name, role in units:
        made[code] = make_unit(org, code=code, name=name)
        make_membership(cluster, made[code], year, role)
        user = make_rep(made[code])
        user.username = f"{username_prefix}-{code.lower()}"
        user.save()
    campaign = campaign_services.campaign_save(campaign=Campaign(
        cluster=cluster, year=year, title="Thi đua",
        **{f: datetime.date(year, 12, 1) for f in (
            "pledge_due", "semiannual_due", "yearend_due", "selfscore_due", "verification_due",
            "conference_on", "dossier_due")}))
    campaign_services.campaign_launch(campaign=campaign)
    lock_results(campaign)
    session = services.session_prepare(campaign=campaign)
    services.attendance_set(session=session, units=list(made.values()))
    return campaign, made, session
