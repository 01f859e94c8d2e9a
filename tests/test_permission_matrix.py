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
    "home": ("get", None, "302 200 200 200 200 200 200"),
    "audit_log": ("get", None, "302 200 403 403 403 403 403"),
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
    "cluster_list": ("get", None, "302 200 200 200 200 200 200"),
    "cluster_create": ("get", None, "302 200 403 403 403 403 403"),
    "cluster_detail": ("get", lambda w: [w.cluster_a.pk], "302 200 200 200 200 200 404"),
    "cluster_edit": ("get", lambda w: [w.cluster_a.pk], "302 200 403 403 403 403 404"),
    "cluster_members": ("get", lambda w: [w.cluster_a.pk, w.year],
                        "302 200 403 403 403 403 404"),
    "unit_list": ("get", None, "302 200 200 403 403 403 403"),
    "unit_create": ("get", None, "302 200 403 403 403 403 403"),
    "unit_detail": ("get", lambda w: [w.member_unit.pk], "302 200 200 200 200 200 404"),
    "unit_history_chart": ("get", lambda w: [w.member_unit.pk], "302 200 200 200 200 200 404"),
    "unit_history_xlsx": ("get", lambda w: [w.member_unit.pk], "302 200 200 200 200 200 404"),
    "unit_edit": ("get", lambda w: [w.member_unit.pk], "302 200 403 403 403 403 404"),
    "unit_merge": ("get", lambda w: [w.member_unit.pk], "302 200 403 403 403 403 404"),
    "representative_add": ("get", lambda w: [w.member_unit.pk], "302 200 403 403 403 403 404"),
    "representative_make_voter": ("post", lambda w: [_rep_of(w.member_unit)],
                                  "302 302 403 403 403 403 404"),
    "representative_remove": ("post", lambda w: [_rep_of(w.member_unit)],
                              "302 302 403 403 403 403 404"),
    "membership_copy": ("get", None, "302 200 403 403 403 403 403"),
    "organisation_settings": ("get", None, "302 200 403 403 403 403 403"),
    "registry_import": ("get", None, "302 200 403 403 403 403 403"),
    "registry_import_preview": ("get", lambda w: [_import_of(w)], "302 200 403 404 404 404 404"),
    "registry_export": ("get", None, "302 200 403 403 403 403 403"),
    "registry_template": ("get", None, "302 200 403 403 403 403 403"),
    # --- the campaign year (w.campaign: cluster A this year, launched) ---
    "campaign_create": ("get", lambda w: [w.cluster_a.pk, w.year], "302 302 403 302 403 403 404"),
    "cluster_calendar": ("get", lambda w: [w.cluster_a.pk], "302 200 200 200 200 200 404"),
    "organisation_calendar": ("get", None, "302 200 200 403 403 403 403"),
    "campaign_detail": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "campaign_edit": ("get", lambda w: [w.campaign.pk], "302 200 403 200 403 403 404"),
    "campaign_launch": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "campaign_close": ("post", lambda w: [w.campaign.pk, "semiannual"],
                       "302 302 403 302 403 403 404"),
    "campaign_extend": ("get", lambda w: [w.campaign.pk], "302 200 403 200 403 403 404"),
    "campaign_file_add": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "campaign_file_download": ("get", lambda w: [w.objects["campaign_file"]],
                               "302 200 200 200 200 200 404"),
    "pledge_finalise": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "pledge_download": ("get", lambda w: [w.campaign.pk, "pdf"], "302 200 200 200 200 200 404"),
    # A unit's own work (the member unit): its representative acts, the head's staff and the
    # organisation read; peers are refused (see test_peer_cannot_see_another_units_report).
    "pledge_edit": ("get", lambda w: [w.campaign.pk, w.member_unit.pk],
                    "302 200 200 200 200 200 404"),
    "pledge_sign": ("post", lambda w: [w.campaign.pk, w.member_unit.pk],
                    "302 403 403 403 403 302 404"),
    "report_edit": ("get", lambda w: [w.campaign.pk, w.member_unit.pk, "semiannual"],
                    "302 200 200 200 200 200 404"),
    "attachment_add": ("post", lambda w: [w.objects["report"]], "302 403 403 403 403 302 404"),
    "attachment_download": ("get", lambda w: [w.objects["attachment"]],
                            "302 200 200 200 200 200 404"),
    "attachment_remove": ("post", lambda w: [w.objects["attachment"]],
                          "302 403 403 403 403 302 404"),
    "report_return": ("post", lambda w: [w.objects["report"]], "302 302 403 302 403 403 404"),
    "report_accept": ("post", lambda w: [w.objects["report"]], "302 302 403 302 403 403 404"),
    "activity_list": ("get", lambda w: [w.member_unit.pk], "302 200 200 200 200 200 404"),
    "activity_remove": ("post", lambda w: [w.objects["activity"]],
                        "302 403 403 403 403 302 404"),
    "activity_file": ("get", lambda w: [w.objects["activity"]], "302 200 200 200 200 200 404"),
    "summary_edit": ("get", lambda w: [w.campaign.pk, "semiannual"],
                     "302 200 200 200 200 403 404"),
    "summary_download": ("get", lambda w: [w.campaign.pk, "semiannual", "pdf"],
                         "302 200 200 200 200 403 404"),
    "organisation_board": ("get", None, "302 200 200 403 403 403 403"),
    # --- scoring (the member unit's sheet; the head unit verifies it) ---
    "scoring_table": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "scoring_open": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "scoring_reopen": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "scoring_export": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "scoring_import": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "sheet_detail": ("get", lambda w: [w.objects["sheet"]], "302 200 200 200 200 200 404"),
    "sheet_self_score": ("post", lambda w: [w.objects["sheet"]], "302 403 403 403 403 302 404"),
    "sheet_verify": ("post", lambda w: [w.objects["sheet"]], "302 403 403 302 403 403 404"),
    "score_contest": ("post", lambda w: [w.objects["score"]], "302 403 403 403 403 302 404"),
    "score_resolve": ("post", lambda w: [w.objects["score"]], "302 302 403 302 403 403 404"),
    # Before the lock, results are for the head's staff and the organisation only.
    "results_page": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 403 404"),
    "results_lock": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "results_download": ("get", lambda w: [w.campaign.pk, "pdf"], "302 200 200 200 200 403 404"),
    # --- the vote (a closed session: the documents exist; actions are refused politely) ---
    "voting_session": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "voting_prepare": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "voting_attendance": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "voting_open": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "voting_close": ("post", lambda w: [w.campaign.pk], "302 302 403 302 403 403 404"),
    "vote_document": ("get", lambda w: [w.campaign.pk, "kiem-phieu", "pdf"],
                      "302 200 200 200 200 200 404"),
    # Only a member unit's designated voter reaches a ballot.
    "ballot": ("get", lambda w: [w.objects["question"]], "302 403 403 200 200 200 404"),
    "candidate_add": ("post", lambda w: [w.objects["question"]], "302 302 403 302 403 403 404"),
    "candidate_remove": ("post", lambda w: [w.objects["candidate"]],
                         "302 302 403 302 403 403 404"),
    "question_close": ("post", lambda w: [w.objects["question"]], "302 302 403 302 403 403 404"),
    "runoff_open": ("post", lambda w: [w.objects["question"]], "302 302 403 302 403 403 404"),
    "paper_counts": ("post", lambda w: [w.objects["question"]], "302 302 403 302 403 403 404"),
    # --- nominations and awards ---
    "nominations_page": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 200 404"),
    "dossier_download": ("get", lambda w: [w.campaign.pk, "pdf"], "302 200 200 200 200 200 404"),
    "council_page": ("get", None, "302 200 200 403 403 403 403"),
    "decision_create": ("get", None, "302 200 403 403 403 403 403"),
    # Decisions belong to the organisation: representatives have no standing there.
    "decision_download": ("get", lambda w: [w.objects["decision"], "pdf"],
                          "302 200 200 404 404 404 404"),
    "certificates": ("get", lambda w: [w.objects["decision"]], "302 200 200 404 404 404 404"),
    # --- dashboards ---
    "organisation_dashboard": ("get", None, "302 200 200 403 403 403 403"),
    "dashboard_chart": ("get", lambda w: ["ratings"], "302 200 200 403 403 403 403"),
    "health": ("get", None, "200 200 200 200 200 200 200"),
    "year_files": ("get", None, "302 200 200 403 403 403 403"),
    "job_status": ("get", lambda w: [w.objects["job"]], "302 200 200 404 404 404 404"),
    "job_download": ("get", lambda w: [w.objects["job"]], "302 200 200 404 404 404 404"),
    "cluster_dashboard": ("get", lambda w: [w.campaign.pk], "302 200 200 200 200 403 404"),
    # --- two-factor sign-in: each person's own account (members/twofactor_views.py) ---
    "twofactor:security": ("get", None, "302 200 200 200 200 200 200"),
    # Nobody here has a second factor: the verification step sends them on.
    "twofactor:verify": ("get", None, "302 302 302 302 302 302 302"),
    "twofactor:totp_start": ("post", None, "302 302 302 302 302 302 302"),
    "twofactor:totp_confirm": ("get", None, "302 302 302 302 302 302 302"),
    "twofactor:recovery_codes": ("post", None, "302 302 302 302 302 302 302"),
    # The member's authenticator app: 404 for everybody else; the owner (not yet past the
    # second factor in this client) is sent to it first.
    "twofactor:device_remove": ("post", lambda w: ["totp", _app_of(w.users["member"])],
                                "302 404 404 404 404 302 404"),
    # django-otp-webauthn's JSON endpoints: 403 without a session (no passwordless login),
    # 400 for a ceremony that was never begun.
    "otp_webauthn:credential-registration-begin": ("post", None,
                                                   "403 200 200 200 200 200 200"),
    "otp_webauthn:credential-registration-complete": ("post", None,
                                                      "403 400 400 400 400 400 400"),
    "otp_webauthn:credential-authentication-begin": ("post", None,
                                                     "403 200 200 200 200 200 200"),
    "otp_webauthn:credential-authentication-complete": ("post", None,
                                                        "403 400 400 400 400 400 400"),
    "otp_webauthn:js-i18n-catalog": ("get", None, "200 200 200 200 200 200 200"),
    # Django's admin guards itself (staff only); none of these roles is staff.
    "admin:index": ("get", None, "302 302 302 302 302 302 302"),
}


def _rep_of(unit):
    return Representative.objects.get(unit=unit).pk


def _app_of(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="app", confirmed=True).pk


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
