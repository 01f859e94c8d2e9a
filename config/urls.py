from django.contrib import admin
from django.urls import include, path, register_converter

from awards import views as awards
from campaigns import views as campaigns
from clusters import views as clusters
from core import views as core
from core.converters import DocumentFormat, DossierFormat, ReportPeriod, ResultFormat, VoteDocument
from dashboards import views as dashboards
from jobs import views as jobs
from members import views as members
from reports import views as reports
from scoring import views as scoring
from voting import views as voting

register_converter(DocumentFormat, "docfmt")
register_converter(ReportPeriod, "period")
register_converter(ResultFormat, "resultfmt")
register_converter(VoteDocument, "votedoc")
register_converter(DossierFormat, "dossierfmt")

urlpatterns = [
    path("", core.home, name="home"),
    path("audit/", core.audit_log, name="audit_log"),
    path("healthz", core.health, name="health"),
    # Login is throttled by django-axes (see settings, AXES_*).
    path("accounts/", include("django.contrib.auth.urls")),
    # Two-factor sign-in and "Account security" (members/twofactor_views.py); the passkey
    # ceremony's JSON endpoints are django-otp-webauthn's own.
    path("account/security/", include("members.twofactor_urls")),
    path("account/security/passkeys/", include("django_otp_webauthn.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("clusters/", clusters.cluster_list, name="cluster_list"),
    path("clusters/new/", clusters.cluster_create, name="cluster_create"),
    path("clusters/<int:pk>/", clusters.cluster_detail, name="cluster_detail"),
    path("clusters/<int:pk>/edit/", clusters.cluster_edit, name="cluster_edit"),
    path("clusters/<int:pk>/members/<int:year>/", clusters.cluster_members,
         name="cluster_members"),
    path("units/", clusters.unit_list, name="unit_list"),
    path("units/new/", clusters.unit_create, name="unit_create"),
    path("units/<int:pk>/", clusters.unit_detail, name="unit_detail"),
    path("units/<int:pk>/history.svg", dashboards.unit_history_chart, name="unit_history_chart"),
    path("units/<int:pk>/history.xlsx", dashboards.unit_history_xlsx, name="unit_history_xlsx"),
    path("units/<int:pk>/edit/", clusters.unit_edit, name="unit_edit"),
    path("units/<int:pk>/merge/", clusters.unit_merge, name="unit_merge"),
    path("units/<int:unit_pk>/representatives/add/", members.representative_add,
         name="representative_add"),
    path("representatives/<int:pk>/voter/", members.representative_make_voter,
         name="representative_make_voter"),
    path("representatives/<int:pk>/remove/", members.representative_remove,
         name="representative_remove"),
    path("registry/settings/", clusters.organisation_settings, name="organisation_settings"),
    path("registry/copy-year/", clusters.membership_copy, name="membership_copy"),
    path("registry/import/", clusters.registry_import_upload, name="registry_import"),
    path("registry/import/<int:pk>/", clusters.registry_import_preview,
         name="registry_import_preview"),
    path("registry/export/", clusters.registry_export_download, name="registry_export"),
    path("registry/template/", clusters.registry_template_download, name="registry_template"),
    # The campaign year (campaigns app) ...
    path("clusters/<int:cluster_pk>/campaigns/<int:year>/new/", campaigns.campaign_create,
         name="campaign_create"),
    path("clusters/<int:cluster_pk>/calendar/", campaigns.cluster_calendar,
         name="cluster_calendar"),
    path("calendar/", campaigns.organisation_calendar, name="organisation_calendar"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/launch/", campaigns.campaign_launch, name="campaign_launch"),
    path("campaigns/<int:pk>/close/<str:what>/", campaigns.campaign_close,
         name="campaign_close"),
    path("campaigns/<int:pk>/extend/", campaigns.campaign_extend, name="campaign_extend"),
    path("campaigns/<int:pk>/files/", campaigns.campaign_file_add, name="campaign_file_add"),
    path("campaign-files/<int:pk>/", campaigns.campaign_file_download,
         name="campaign_file_download"),
    path("campaigns/<int:pk>/pledge/finalise/", campaigns.pledge_finalise,
         name="pledge_finalise"),
    path("campaigns/<int:pk>/pledge.<docfmt:fmt>", campaigns.pledge_download,
         name="pledge_download"),
    path("campaigns/<int:campaign_pk>/units/<int:unit_pk>/pledge/", campaigns.pledge_edit,
         name="pledge_edit"),
    path("campaigns/<int:campaign_pk>/units/<int:unit_pk>/pledge/sign/", campaigns.pledge_sign,
         name="pledge_sign"),
    # ... and what units report during it (reports app).
    path("campaigns/<int:campaign_pk>/units/<int:unit_pk>/reports/<period:period>/",
         reports.report_edit, name="report_edit"),
    path("reports/<int:report_pk>/attachments/", reports.attachment_add,
         name="attachment_add"),
    path("attachments/<int:pk>/", reports.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", reports.attachment_remove, name="attachment_remove"),
    path("reports/<int:report_pk>/return/", reports.report_return, name="report_return"),
    path("reports/<int:report_pk>/accept/", reports.report_accept, name="report_accept"),
    path("units/<int:unit_pk>/activities/", reports.activity_list, name="activity_list"),
    path("activities/<int:pk>/remove/", reports.activity_remove, name="activity_remove"),
    path("activities/<int:pk>/file/", reports.activity_file, name="activity_file"),
    path("campaigns/<int:campaign_pk>/summary/<period:period>/", reports.summary_edit,
         name="summary_edit"),
    path("campaigns/<int:campaign_pk>/summary/<period:period>.<docfmt:fmt>",
         reports.summary_download, name="summary_download"),
    path("board/", reports.organisation_board, name="organisation_board"),
    # Scoring (scoring app).
    path("campaigns/<int:pk>/scoring/", scoring.scoring_table, name="scoring_table"),
    path("campaigns/<int:pk>/scoring/open/", scoring.scoring_open, name="scoring_open"),
    path("campaigns/<int:pk>/scoring/reopen/", scoring.scoring_reopen, name="scoring_reopen"),
    path("campaigns/<int:pk>/scoring/table.xlsx", scoring.scoring_export, name="scoring_export"),
    path("campaigns/<int:pk>/scoring/import/", scoring.scoring_import, name="scoring_import"),
    path("score-sheets/<int:pk>/", scoring.sheet_detail, name="sheet_detail"),
    path("score-sheets/<int:pk>/self/", scoring.sheet_self_score, name="sheet_self_score"),
    path("score-sheets/<int:pk>/verify/", scoring.sheet_verify, name="sheet_verify"),
    path("scores/<int:pk>/contest/", scoring.score_contest, name="score_contest"),
    path("scores/<int:pk>/resolve/", scoring.score_resolve, name="score_resolve"),
    path("campaigns/<int:pk>/results/", scoring.results_page, name="results_page"),
    path("campaigns/<int:pk>/results/lock/", scoring.results_lock, name="results_lock"),
    path("campaigns/<int:pk>/results.<resultfmt:fmt>", scoring.results_download,
         name="results_download"),
    # The vote (voting app).
    path("campaigns/<int:pk>/vote/", voting.session_page, name="voting_session"),
    path("campaigns/<int:pk>/vote/prepare/", voting.session_prepare, name="voting_prepare"),
    path("campaigns/<int:pk>/vote/attendance/", voting.attendance, name="voting_attendance"),
    path("campaigns/<int:pk>/vote/open/", voting.session_open, name="voting_open"),
    path("campaigns/<int:pk>/vote/close/", voting.session_close, name="voting_close"),
    path("campaigns/<int:pk>/vote/<votedoc:kind>.<docfmt:fmt>", voting.vote_document,
         name="vote_document"),
    path("questions/<int:pk>/ballot/", voting.ballot, name="ballot"),
    path("questions/<int:pk>/candidates/", voting.candidate_add, name="candidate_add"),
    path("candidates/<int:pk>/remove/", voting.candidate_remove, name="candidate_remove"),
    path("questions/<int:pk>/close/", voting.question_close, name="question_close"),
    path("questions/<int:pk>/runoff/", voting.runoff_open, name="runoff_open"),
    path("questions/<int:pk>/paper/", voting.paper_counts, name="paper_counts"),
    # Nominations and awards (awards app).
    path("campaigns/<int:pk>/nominations/", awards.nominations_page, name="nominations_page"),
    path("campaigns/<int:pk>/dossier.<dossierfmt:fmt>", awards.dossier_download,
         name="dossier_download"),
    path("awards/", awards.council_page, name="council_page"),
    path("awards/decisions/new/", awards.decision_create, name="decision_create"),
    path("awards/decisions/<int:pk>.<docfmt:fmt>", awards.decision_download,
         name="decision_download"),
    path("awards/decisions/<int:pk>/certificates.pdf", awards.certificates,
         name="certificates"),
    # Dashboards.
    path("dashboard/", dashboards.organisation_dashboard, name="organisation_dashboard"),
    path("reports/year/", jobs.year_files, name="year_files"),
    path("reports/year/jobs/<int:pk>/", jobs.job_status, name="job_status"),
    path("reports/year/jobs/<int:pk>/file", jobs.job_download, name="job_download"),
    path("dashboard/chart/<str:kind>.svg", dashboards.chart, name="dashboard_chart"),
    path("campaigns/<int:pk>/dashboard/", dashboards.cluster_dashboard,
         name="cluster_dashboard"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ThiĐua"

# 503 while the database is unreachable, 500 otherwise (core.views.server_error).
handler500 = "core.views.server_error"
