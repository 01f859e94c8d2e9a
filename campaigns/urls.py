"""URLs of campaigns: the campaign year: milestones, extensions, pledges, calendars."""

from django.urls import path

from campaigns import views
from core import converters  # noqa: F401  (registers the path converters used below)

app_name = "campaigns"

urlpatterns = [
    path(
        "clusters/<int:cluster_pk>/campaigns/<int:year>/new/",
        views.campaign_create,
        name="campaign_create",
    ),
    path("clusters/<int:cluster_pk>/calendar/", views.cluster_calendar, name="cluster_calendar"),
    path("awards/catalogue/", views.award_list, name="award_list"),
    path("awards/catalogue/new/", views.award_create, name="award_create"),
    path("awards/catalogue/<int:pk>/", views.award_edit, name="award_edit"),
    path("awards/catalogue/<int:pk>/deactivate/", views.award_deactivate, name="award_deactivate"),
    path("awards/catalogue/<int:pk>/activate/", views.award_activate, name="award_activate"),
    path("awards/catalogue/<int:pk>/delete/", views.award_delete, name="award_delete"),
    path("calendar/", views.organisation_calendar, name="organisation_calendar"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/close/<str:what>/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/close-year/", views.campaign_close_year,
         name="campaign_close_year"),
    path("campaigns/<int:pk>/recording/", views.campaign_recording, name="campaign_recording"),
    path("campaigns/<int:pk>/extend/", views.campaign_extend, name="campaign_extend"),
    path("campaigns/<int:pk>/files/", views.campaign_file_add, name="campaign_file_add"),
    path("campaign-files/<int:pk>/", views.campaign_file_download, name="campaign_file_download"),
    path("campaigns/<int:pk>/pledge/finalise/", views.pledge_finalise, name="pledge_finalise"),
    path("campaigns/<int:pk>/pledge.<docfmt:fmt>", views.pledge_download, name="pledge_download"),
    path(
        "campaigns/<int:campaign_pk>/units/<int:unit_pk>/pledge/",
        views.pledge_edit,
        name="pledge_edit",
    ),
    path(
        "campaigns/<int:campaign_pk>/units/<int:unit_pk>/pledge/sign/",
        views.pledge_sign,
        name="pledge_sign",
    ),
]
