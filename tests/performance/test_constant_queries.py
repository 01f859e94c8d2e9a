"""Every organisation-wide page runs the same number of queries for 5 and for 100 clusters
(issue 19, item 2): no query per cluster or campaign, and no OR term per campaign.

The world is the scale seeder's (demo/scale.py): last year complete (locked results, the
vote closed, nominations submitted, the council's decision) and this year in November. It is
built once for the module at 5 clusters, every page is counted, it grows to 100 clusters
(bulk-created rows, ~15 s) and every page is counted again; each case compares its two counts.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardDecision, Nomination
from core.years import current_year
from demo.scale import seed_scale
from members.models import User
from tests.helpers import built_once

YEAR = current_year()
LAST = YEAR - 1

# (case id, user, URL name, URL args, query string). "sec" is the secretariat, "lead" the
# leadership of the whole organisation; "last" cases show last year (complete) instead.
PAGES = [
    ("home-sec", "sec", "portal:home", None, {}),
    ("home-lead", "lead", "portal:home", None, {}),
    # The audit trail reads one query per kind of record on the page (units, clusters, each
    # model named in the changes): the mix of kinds, not the number of clusters, sets the
    # count, so these cases show one kind, drafted nominations (tens at 5 clusters, hundreds at
    # 100). The CSV export streams the trail in batches of 500 entries with the page's
    # queries per batch (never the whole trail in memory); one batch holds both sizes here.
    ("audit", "sec", "portal:audit_log", None, {"action": "nomination.draft"}),
    ("audit-csv", "sec", "portal:audit_export", None, {"action": "nomination.draft"}),
    ("clusters", "sec", "clusters:cluster_list", None, {}),
    ("clusters-last", "sec", "clusters:cluster_list", None, {"year": LAST}),
    ("cluster-new", "sec", "clusters:cluster_create", None, {}),
    ("units", "sec", "clusters:unit_list", None, {}),
    ("unit-new", "sec", "clusters:unit_create", None, {}),
    ("copy-year", "sec", "clusters:membership_copy", None, {}),
    ("settings", "sec", "clusters:organisation_settings", None, {}),
    ("trust-roots", "sec", "clusters:trust_root_list", None, {}),
    ("registry-import", "sec", "clusters:registry_import", None, {}),
    ("registry-xlsx", "sec", "clusters:registry_export", None, {"year": YEAR}),
    ("registry-csv", "sec", "clusters:registry_export", None, {"format": "csv"}),
    ("registry-template", "sec", "clusters:registry_template", None, {}),
    ("calendar", "sec", "campaigns:organisation_calendar", None, {}),
    ("calendar-last", "lead", "campaigns:organisation_calendar", None, {"year": LAST}),
    ("catalogue", "sec", "campaigns:award_list", None, {}),
    ("catalogue-new", "sec", "campaigns:award_create", None, {}),
    ("templates", "sec", "scoring:template_list", None, {}),
    ("board", "sec", "reports:organisation_board", None, {}),
    ("board-lead", "lead", "reports:organisation_board", None, {}),
    ("board-last", "sec", "reports:organisation_board", None, {"year": LAST}),
    ("board-page-2", "sec", "reports:organisation_board", None, {"page": 2}),
    ("council", "sec", "awards:council_page", None, {}),
    ("council-last", "sec", "awards:council_page", None, {"year": LAST}),
    ("council-lead", "lead", "awards:council_page", None, {"year": LAST}),
    ("decision-new", "sec", "awards:decision_create", None, {"year": LAST}),
    ("earlier-years", "sec", "awards:past_outcomes_import", None, {}),
    ("earlier-years-template", "sec", "awards:past_outcomes_template", None, {}),
    ("dashboard", "lead", "dashboards:organisation_dashboard", None, {}),
    ("dashboard-last", "sec", "dashboards:organisation_dashboard", None, {"year": LAST}),
    ("dashboard-xlsx", "lead", "dashboards:organisation_dashboard", None, {"format": "xlsx"}),
    ("dashboard-xlsx-last", "sec", "dashboards:organisation_dashboard", None,
     {"format": "xlsx", "year": LAST}),
    ("chart-semiannual", "lead", "dashboards:dashboard_chart", ["semiannual"], {}),
    ("chart-yearend-last", "lead", "dashboards:dashboard_chart", ["yearend"], {"year": LAST}),
    ("chart-ratings-last", "lead", "dashboards:dashboard_chart", ["ratings"], {"year": LAST}),
    ("year-files", "sec", "jobs:year_files", None, {}),
]
USERS = {"sec": "qm.thuky", "lead": "qm.lanhdao"}


def count_pages():
    counts = {}
    clients = {}
    for key, username in USERS.items():
        clients[key] = Client()
        clients[key].force_login(User.objects.get(username=username))
    for case, who, name, args, params in PAGES:
        url = reverse(name, args=args)
        with CaptureQueriesContext(connection) as captured:
            response = clients[who].get(url, params)
            if response.streaming:  # the CSV export reads its rows as it is sent
                b"".join(response.streaming_content)
        assert response.status_code == 200, f"{case}: GET {url} {params} → {response.status_code}"
        counts[case] = len(captured)
    counts["year-summary-document"] = _document_queries()
    return counts


def _document_queries():
    """The year summary's data (the PDF and Word files of jobs:year_files are built from it
    by a task; drawing the PDF itself asks the database nothing)."""
    from clusters.models import Organisation
    from dashboards.documents import year_summary_document

    organisation = Organisation.objects.get(code="quy-mo")
    user = User.objects.get(username="qm.thuky")
    with CaptureQueriesContext(connection) as captured:
        year_summary_document(organisation, LAST, user)
    return len(captured)


@pytest.fixture(scope="module")
def counted(django_db_setup, django_db_blocker):
    """{case: (queries at 5 clusters, queries at 100 clusters)}"""
    with built_once(django_db_blocker):
        # 4 units a cluster: with 3, the 5-cluster world happens to elect nobody for an award,
        # and a page with an empty list skips the queries of its rows.
        seed_scale(clusters=5, units_per_cluster=4, years=2, last_year=YEAR, out=lambda _: None)
        assert AwardDecision.objects.filter(year=LAST).exists()
        assert Nomination.objects.filter(campaign__year=LAST, status="submitted").exists()
        five = count_pages()
        seed_scale(clusters=100, units_per_cluster=4, years=2, last_year=YEAR,
                   out=lambda _: None)
        hundred = count_pages()
        yield {case: (five[case], hundred[case]) for case in five}


@pytest.mark.parametrize("case", [page[0] for page in PAGES] + ["year-summary-document"])
def test_organisation_wide_page_runs_the_same_queries_for_5_and_100_clusters(counted, db,
                                                                             case):
    five, hundred = counted[case]
    assert hundred == five, f"{case}: {five} queries at 5 clusters, {hundred} at 100"


def test_a_national_organisation_s_campaigns_fit_in_one_sqlite_query(db):
    """1,300 campaigns (a national organisation's year): one OR term per campaign passed
    SQLite's expression-depth limit (1,000); the join does not."""
    from campaigns.models import Campaign
    from reports.selectors import board
    from scoring.models import CriteriaTable
    from scoring.selectors import computed_results

    ids = range(10**6, 10**6 + 1300)  # ids no stored row has
    campaigns = [Campaign(pk=n, cluster_id=n, year=YEAR) for n in ids]
    tables = [CriteriaTable(pk=n, campaign_id=n) for n in ids]
    assert board(campaigns, "semiannual") == []
    assert computed_results(tables) == {n: [] for n in ids}
