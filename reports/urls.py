"""URLs of reports: reports, evidence, activities, cluster summaries, the organisation's board."""

from django.urls import path

from core import converters  # noqa: F401  (registers the path converters used below)
from reports import views

app_name = "reports"

urlpatterns = [
    # Public (no login): the page a printout's QR code leads to (documents.models.VERIFY_PATH).
    path("verify/<str:token>", views.verify, name="verify"),
    path("verify/<str:token>/check", views.verify_check, name="verify_check"),
    # Signing an issued document on a token (JSON; documents/external.py).
    path("issued/<int:pk>/token-sign/", views.token_sign_begin, name="token_sign_begin"),
    path("issued/<int:pk>/token-sign/<int:session_pk>/", views.token_sign_finish,
         name="token_sign_finish"),
    path("issued/<int:pk>/token-sign/<int:session_pk>/signed.pdf", views.token_signed_download,
         name="token_signed_download"),
    path(
        "campaigns/<int:campaign_pk>/units/<int:unit_pk>/reports/<period:period>/",
        views.report_edit,
        name="report_edit",
    ),
    path(
        "campaigns/<int:campaign_pk>/units/<int:unit_pk>/reports/<period:period>/start/",
        views.report_start,
        name="report_start",
    ),
    path("reports/<int:report_pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("reports/<int:report_pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:report_pk>/accept/", views.report_accept, name="report_accept"),
    path("units/<int:unit_pk>/activities/", views.activity_list, name="activity_list"),
    path("activities/<int:pk>/remove/", views.activity_remove, name="activity_remove"),
    path("activities/<int:pk>/file/", views.activity_file, name="activity_file"),
    path(
        "campaigns/<int:campaign_pk>/summary/<period:period>/",
        views.summary_edit,
        name="summary_edit",
    ),
    path(
        "campaigns/<int:campaign_pk>/summary/<period:period>/correct/",
        views.summary_correct,
        name="summary_correct",
    ),
    path(
        "campaigns/<int:campaign_pk>/summary/<period:period>.<docfmt:fmt>",
        views.summary_download,
        name="summary_download",
    ),
    path("issued/<int:pk>.<docfmt:fmt>", views.issued_download, name="issued_download"),
    path("board/", views.organisation_board, name="organisation_board"),
    path("campaigns/<int:campaign_pk>/review/", views.review_queue, name="review_queue"),
    path("campaigns/<int:campaign_pk>/review/accept/", views.review_accept_many,
         name="review_accept_many"),
    path("reports/<int:report_pk>/review/accept/", views.review_accept, name="review_accept"),
    path("reports/<int:report_pk>/review/return/", views.review_return, name="review_return"),
    path(
        "campaigns/<int:campaign_pk>/units/<int:unit_pk>/remind/<str:deadline>/",
        views.remind_now,
        name="remind_now",
    ),
]
