"""URLs of reports: reports, evidence, activities, cluster summaries, the organisation's board."""

from django.urls import path

from core import converters  # noqa: F401  (registers the path converters used below)
from reports import views

app_name = "reports"

urlpatterns = [
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
