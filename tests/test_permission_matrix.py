"""Every URL × every role → expected status.

A new URL that is not listed here makes `test_matrix_covers_every_url` fail; removing a
permission check from a view makes at least one of the parametrised cases fail.
Columns: anonymous, secretariat, leadership, head staff, deputy staff, unit representative,
representative of a unit in another cluster.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clusters.models import RegistryImport
from members.models import Representative
from tests.conftest import ROLES

# name: (method, args(world) → url args, "anon sec lead head deputy member other")
MATRIX = {
    "portal:home": ("get", None, "302 200 200 200 200 200 200"),
    "portal:audit_log": ("get", None, "302 200 403 403 403 403 403"),
    "login": ("get", None, "200 200 200 200 200 200 200"),
    "logout": ("post", None, "302 302 302 302 302 302 302"),
    "password_change": ("get", None, "302 200 200 200 200 200 200"),
    "password_change_done": ("get", None, "302 200 200 200 200 200 200"),
    "password_reset": ("get", None, "200 200 200 200 200 200 200"),
    "password_reset_done": ("get", None, "200 200 200 200 200 200 200"),
    "password_reset_confirm": ("get", lambda w: ["MQ", "bad-token"],
                               "200 200 200 200 200 200 200"),
    "password_reset_complete": ("get", None, "200 200 200 200 200 200 200"),
    "set_language": ("post", None, "302 302 302 302 302 302 302"),
    "clusters:cluster_list": ("get", None, "302 200 200 200 200 200 200"),
    "clusters:cluster_create": ("get", None, "302 200 403 403 403 403 403"),
    "clusters:cluster_detail": ("get", lambda w: [w.cluster_a.pk], "302 200 200 200 200 200 404"),
    "clusters:cluster_edit": ("get", lambda w: [w.cluster_a.pk], "302 200 403 403 403 403 404"),
    "clusters:cluster_members": ("get", lambda w: [w.cluster_a.pk, w.year],
                        "302 200 403 403 403 403 404"),
    "clusters:unit_list": ("get", None, "302 200 200 403 403 403 403"),
    "clusters:unit_create": ("get", None, "302 200 403 403 403 403 403"),
    "clusters:unit_detail": ("get", lambda w: [w.member_unit.pk], "302 200 200 200 200 200 404"),
    "dashboards:unit_history_chart": ("get", lambda w: [w.member_unit.pk], "302 200 200 200 200 200 404"),
    "dashboards:unit_history_xlsx": ("get", lambda w: [w.member_unit.pk], "302 200 200 200 200 200 404"),
    "clusters:unit_edit": ("get", lambda w: [w.member_unit.pk], "302 200 403 403 403 403 404"),
    "clusters:unit_merge": ("get", lambda w: [w.member_unit.pk], "302 200 403 403 403 403 404"),
    "members:representative_add": ("get", lambda w: [w.member_unit.pk], "302 200 403 403 403 403 404"),
    "members:representative_make_voter": ("post", lambda w: [_rep_of(w.member_unit)],
                                  "302 302 403 403 403 403 404"),
    "members:representative_remove": ("post", lambda w: [_rep_of(w.member_unit)],
                              "302 302 403 403 403 403 404"),
    "clusters:membership_copy": ("get", None, "302 200 403 403 403 403 403"),
    "clusters:organisation_settings": ("get", None, "302 200 403 403 403 403 403"),
    "clusters:registry_import": ("get", None, "302 200 403 403 403 403 403"),
    "clusters:registry_import_preview": ("get", lambda w: [_import_of(w)], "302 200 403 404 404 404 404"),
    "clusters:registry_export": ("get", None, "302 200 403 403 403 403 403"),
    "clusters:registry_template": ("get", None, "302 200 403 403 403 403 403"),
    # --- the campaign year (w.campaign: cluster A this year, launched) ---
    "campaigns:campaign_create": ("get", lambda w: [w.cluster_a.pk, w.year], "302 302 403 302 403 403 404"),
    "campaigns:cluster_calendar": ("get", lambda w: [w.cluster_a.pk], "302 200 200 200 200 200 404"),
    "campaigns:organisation_calendar": ("get", None, "302 200 200 403 403 403 403"),
    "campaigns:campaign_detail": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "campaigns:campaign_edit": ("get", lambda w: [w.campaign.pk], "302 200 403 200 403 403 404"),
    "campaigns:campaign_launch": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "campaigns:campaign_close": ("post", lambda w: [w.campaign.pk, "semiannual"],
                       "302 302 403 302 403 403 404"),
    "campaigns:campaign_extend": ("get", lambda w: [w.campaign.pk], "302 200 403 200 403 403 404"),
    "campaigns:campaign_file_add": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "campaigns:campaign_file_download": ("get", lambda w: [w.objects["campaign_file"]],
                               "302 200 200 200 200 200 404"),
    "campaigns:pledge_finalise": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "campaigns:pledge_download": ("get", lambda w: [w.campaign.pk, "pdf"], "302 200 200 200 200 200 404"),
    # A unit's own work (the member unit): its representative acts, the head's staff and the
    # organisation read; peers are refused (see test_peer_cannot_see_another_units_report).
    "campaigns:pledge_edit": ("get", lambda w: [w.campaign.pk, w.member_unit.pk],
                    "302 200 200 200 200 200 404"),
    "campaigns:pledge_sign": ("post", lambda w: [w.campaign.pk, w.member_unit.pk],
                    "302 403 403 403 403 302 404"),
    "reports:report_edit": ("get", lambda w: [w.campaign.pk, w.member_unit.pk, "semiannual"],
                    "302 200 200 200 200 200 404"),
    "reports:attachment_add": ("post", lambda w: [w.objects["report"]], "302 403 403 403 403 302 404"),
    "reports:attachment_download": ("get", lambda w: [w.objects["attachment"]],
                            "302 200 200 200 200 200 404"),
    "reports:attachment_remove": ("post", lambda w: [w.objects["attachment"]],
                          "302 403 403 403 403 302 404"),
    "reports:report_return": ("post", lambda w: [w.objects["report"]], "302 302 403 302 403 403 404"),
    "reports:report_accept": ("post", lambda w: [w.objects["report"]], "302 302 403 302 403 403 404"),
    "reports:activity_list": ("get", lambda w: [w.member_unit.pk], "302 200 200 200 200 200 404"),
    "reports:activity_remove": ("post", lambda w: [w.objects["activity"]],
                        "302 403 403 403 403 302 404"),
    "reports:activity_file": ("get", lambda w: [w.objects["activity"]], "302 200 200 200 200 200 404"),
    "reports:summary_edit": ("get", lambda w: [w.campaign.pk, "semiannual"],
                     "302 200 200 200 200 403 404"),
    "reports:summary_download": ("get", lambda w: [w.campaign.pk, "semiannual", "pdf"],
                         "302 200 200 200 200 403 404"),
    "reports:organisation_board": ("get", None, "302 200 200 403 403 403 403"),
    # --- scoring (the member unit's sheet; the head unit verifies it) ---
    "scoring:scoring_table": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "scoring:scoring_open": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "scoring:scoring_reopen": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "scoring:scoring_export": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "scoring:scoring_import": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "scoring:sheet_detail": ("get", lambda w: [w.objects["sheet"]], "302 200 200 200 200 200 404"),
    "scoring:sheet_self_score": ("post", lambda w: [w.objects["sheet"]], "302 403 403 403 403 302 404"),
    "scoring:sheet_verify": ("post", lambda w: [w.objects["sheet"]], "302 403 403 200 403 403 404"),
    "scoring:score_contest": ("post", lambda w: [w.objects["score"]], "302 403 403 403 403 200 404"),
    "scoring:score_resolve": ("post", lambda w: [w.objects["score"]], "302 200 403 200 403 403 404"),
    # Before the lock, results are for the head's staff and the organisation only.
    "scoring:results_page": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 403 404"),
    "scoring:results_lock": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "scoring:results_download": ("get", lambda w: [w.campaign.pk, "pdf"], "302 200 200 200 200 403 404"),
    # --- the vote (a closed session: the documents exist; actions are refused politely;
    # a form's POST comes back with its errors: 200) ---
    "voting:voting_session": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "voting:voting_prepare": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "voting:voting_attendance": ("post", lambda w: [w.campaign.pk], "302 200 403 200 403 403 404"),
    "voting:voting_open": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "voting:voting_close": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "voting:vote_document": ("get", lambda w: [w.campaign.pk, "kiem-phieu", "pdf"],
                      "302 200 200 200 200 200 404"),
    # Only a member unit's designated voter reaches a ballot.
    "voting:ballot": ("get", lambda w: [w.objects["question"]], "302 403 403 200 200 200 404"),
    "voting:candidate_add": ("post", lambda w: [w.objects["question"]], "302 200 403 200 403 403 404"),
    "voting:candidate_remove": ("post", lambda w: [w.objects["candidate"]],
                         "302 200 403 200 403 403 404"),
    "voting:question_close": ("post", lambda w: [w.objects["question"]], "302 302 403 302 403 403 404"),
    "voting:runoff_open": ("post", lambda w: [w.objects["question"]], "302 302 403 302 403 403 404"),
    "voting:paper_counts": ("post", lambda w: [w.objects["question"]], "302 200 403 200 403 403 404"),
    # --- nominations and awards ---
    "awards:nominations_page": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "awards:dossier_download": ("get", lambda w: [w.campaign.pk, "pdf"], "302 200 200 200 200 200 404"),
    "awards:council_page": ("get", None, "302 200 200 403 403 403 403"),
    "awards:decision_create": ("get", None, "302 200 403 403 403 403 403"),
    # Decisions belong to the organisation: representatives have no standing there.
    "awards:decision_download": ("get", lambda w: [w.objects["decision"], "pdf"],
                          "302 200 200 404 404 404 404"),
    "awards:certificates": ("get", lambda w: [w.objects["decision"]], "302 200 200 404 404 404 404"),
    # --- dashboards ---
    "dashboards:organisation_dashboard": ("get", None, "302 200 200 403 403 403 403"),
    "dashboards:dashboard_chart": ("get", lambda w: ["ratings"], "302 200 200 403 403 403 403"),
    "health": ("get", None, "200 200 200 200 200 200 200"),
    "jobs:year_files": ("get", None, "302 200 200 403 403 403 403"),
    "jobs:job_status": ("get", lambda w: [w.objects["job"]], "302 200 200 404 404 404 404"),
    "jobs:job_download": ("get", lambda w: [w.objects["job"]], "302 200 200 404 404 404 404"),
    "dashboards:cluster_dashboard": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 403 404"),
    # Django's admin guards itself (staff only); none of these roles is staff.
    "admin:index": ("get", None, "302 302 302 302 302 302 302"),
}


def _rep_of(unit):
    return Representative.objects.get(unit=unit).pk


def _import_of(world):
    return RegistryImport.objects.create(
        organisation=world.org, uploaded_by=world.users["secretariat"], file_name="x.xlsx",
        content=b"", status=RegistryImport.Status.INVALID, summary={"file_error": "x"}).pk


def _all_url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _all_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_matrix_covers_every_url():
    # The admin's own pages are Django's, guarded by its staff check: admin:index stands
    # for them in the matrix.
    ours = {name for name in _all_url_names() if not name.startswith("admin:")}
    assert ours | {"admin:index"} == set(MATRIX)


CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.fixture
def unit_work(world, campaign):
    """A report of the member unit with evidence, an activity with a file, a campaign file."""
    from django.core.files.base import ContentFile

    from campaigns.models import CampaignFile
    from reports.models import Activity, Report, ReportAttachment

    report = Report.objects.create(campaign=campaign, unit=world.member_unit,
                                   period="semiannual")
    member = world.users["member"]
    attachment = ReportAttachment.objects.create(
        report=report, file=ContentFile(b"%PDF-1.4", name="a.pdf"), original_name="a.pdf",
        kind="pdf", size=8, uploaded_by=member)
    activity = Activity.objects.create(unit=world.member_unit, date=campaign.pledge_due,
                                       title="Hội thảo", created_by=member,
                                       file=ContentFile(b"x", name="b.pdf"), original_name="b.pdf")
    campaign_file = CampaignFile.objects.create(
        campaign=campaign, kind="plan", file=ContentFile(b"%PDF", name="kh.pdf"),
        original_name="kh.pdf", size=4, uploaded_by=world.users["head"])
    from scoring import services as scoring_services

    table = scoring_services.table_for_campaign(campaign=campaign)
    scoring_services.scoring_open(table=table)
    sheet = table.sheets.get(unit=world.member_unit)
    from django.utils import timezone

    from voting import services as voting_services
    from voting.models import VotingSession

    session = voting_services.session_prepare(campaign=campaign)
    VotingSession.objects.filter(pk=session.pk).update(status="closed", closed_at=timezone.now())
    head_question = session.questions.get(kind="head")
    import datetime

    from awards.models import AwardDecision, AwardGrant, Nomination
    from campaigns.models import AwardType

    award = AwardType.objects.filter(organisation=world.org).first()
    Nomination.objects.create(campaign=campaign, award=award, unit=world.member_unit,
                              achievements="Thành tích")
    decision = AwardDecision.objects.create(
        organisation=world.org, award=award, year=world.year, number="1/QĐ",
        signed_on=datetime.date(world.year, 12, 30), issuer="Hội đồng",
        recorded_by=world.users["secretariat"])
    AwardGrant.objects.create(decision=decision, unit=world.member_unit)
    from jobs.models import FileJob

    job = FileJob.objects.create(organisation=world.org, year=world.year, kind="dossiers_zip",
                                 status="done", file=ContentFile(b"PK", name="h.zip"),
                                 requested_by=world.users["secretariat"])
    world.campaign = campaign
    world.objects = {"report": report.pk, "attachment": attachment.pk,
                     "activity": activity.pk, "campaign_file": campaign_file.pk,
                     "sheet": sheet.pk, "score": sheet.scores.first().pk,
                     "question": head_question.pk, "decision": decision.pk, "job": job.pk,
                     "candidate": head_question.candidates.first().pk}
    return world


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_status_for_role(unit_work, client_for, name, role):
    world = unit_work
    method, args, expected = MATRIX[name]
    expected_status = int(expected.split()[ROLES.index(role)])
    url = reverse(name, args=args(world) if args else None)
    client = client_for(world.users[role])
    response = getattr(client, method)(url)
    assert response.status_code == expected_status, f"{method.upper()} {url} as {role}"
