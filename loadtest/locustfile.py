"""The evening before the year-end deadline, as locust users (run by loadtest/load.py).

- Representatives log in, open the home page and their year-end report, save a draft with
  their figures, then save and submit; afterwards they come back to look at it.
- Cluster heads log in and open their cluster's dashboard again and again.
- A leader opens the organisation dashboard and its charts.

Who is who comes from the manifest that the harness writes from the database
(LOAD_MANIFEST). Each submission the portal acknowledges — the page comes back showing the
report as submitted — is appended to LOAD_ACKS, so that the fault test can check each one is
in the database.
"""

import json
import os
import random

from forms import FormFields
from locust import FastHttpUser, between, task

MANIFEST = json.loads(open(os.environ["LOAD_MANIFEST"], encoding="utf-8").read())
THINK = between(float(os.environ.get("LOAD_THINK_MIN", 2)),
                float(os.environ.get("LOAD_THINK_MAX", 8)))
_identities = {role: iter(MANIFEST[role]) for role in ("representatives", "heads", "leaders")}


def _next_identity(role):
    try:
        return next(_identities[role])
    except StopIteration:
        raise RuntimeError(f"More {role} users than the manifest lists") from None


def _record_ack(identity):
    path = os.environ.get("LOAD_ACKS")
    if path:
        with open(path, "a", encoding="utf-8") as acks:
            acks.write(json.dumps({"report": identity["report"],
                                   "username": identity["username"]}) + "\n")


class PortalUser(FastHttpUser):
    abstract = True
    wait_time = THINK
    role = ""

    def on_start(self):
        self.identity = _next_identity(self.role)
        self.logged_in = False

    def login(self):
        with self.client.get("/accounts/login/", name="login form",
                             catch_response=True) as page:
            if not self.ok(page):
                return
            fields = FormFields.of(page.text)
        fields.update(username=self.identity["username"], password=MANIFEST["password"])
        with self.client.post("/accounts/login/", data=fields, name="login",
                              catch_response=True) as response:
            if self.ok(response) and "/accounts/login/" in response.url:
                response.failure("login refused")
            elif response.status_code < 400:
                self.logged_in = True

    def ok(self, response):
        """A 4xx or 5xx fails the request (its status is in the message, so that the
        harness can count server errors apart); returns True if fine."""
        if response.status_code >= 400:
            response.failure(f"HTTP {response.status_code}")
            return False
        response.success()
        return True

    def get(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            return response.text if self.ok(response) else None


class Representative(PortalUser):
    role = "representatives"

    def on_start(self):
        super().on_start()
        self.state = "open"

    @task
    def next_step(self):
        if not self.logged_in:
            return self.login()
        getattr(self, f"step_{self.state}")()

    def step_open(self):
        self.get("/", "home")
        html = self.get(self.identity["report"], "report: open")
        if html and 'data-status="draft"' in html:
            self.form = FormFields.of(html, "report-form")
            self.state = "draft"
        elif html and 'data-status="submitted"' in html:
            self.state = "done"  # submitted in an earlier run of this user

    def step_draft(self):
        self.fill_in()
        html = self.post_report("report: save draft", submit=False)
        if html and 'data-status="draft"' in html:
            self.form = FormFields.of(html, "report-form")
            self.state = "submit"

    def step_submit(self):
        self.fill_in()
        html = self.post_report("report: submit", submit=True)
        if html and 'data-status="submitted"' in html:
            _record_ack(self.identity)
            self.state = "done"

    def step_done(self):
        if random.random() < 0.5:
            self.get(self.identity["report"], "report: read back")
        else:
            self.get("/", "home")

    def fill_in(self):
        for name in self.form:
            if name.startswith("actual-"):
                self.form[name] = str(random.randint(20, 400))
        self.form["results"] = ("Đã tổ chức các buổi tuyên truyền, phổ biến pháp luật và "
                                "trợ giúp pháp lý miễn phí cho người dân trên địa bàn.")
        self.form["direction"] = "Tiếp tục phát triển hội viên trong năm tới."

    def post_report(self, name, *, submit):
        data = dict(self.form)
        data["submit" if submit else "save"] = "1"
        with self.client.post(self.identity["report"], data=data, name=name,
                              catch_response=True) as response:
            if not self.ok(response):
                return None
            if submit and 'data-status="submitted"' not in response.text:
                response.failure("submission not acknowledged")
            return response.text


class ClusterHead(PortalUser):
    role = "heads"
    fixed_count = int(os.environ.get("LOAD_HEADS", 10))

    @task
    def watch(self):
        if not self.logged_in:
            return self.login()
        self.get(self.identity["dashboard"], "cluster dashboard")


class Leader(PortalUser):
    role = "leaders"
    fixed_count = int(os.environ.get("LOAD_LEADERS", 1))
    wait_time = between(10, 20)  # leadership looks now and then, not every few seconds

    @task
    def watch(self):
        if not self.logged_in:
            return self.login()
        if self.get("/dashboard/", "organisation dashboard"):
            for kind in MANIFEST["charts"]:
                self.get(f"/dashboard/chart/{kind}.svg", "organisation dashboard chart")

