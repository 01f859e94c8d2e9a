"""URLs of awards: nominations, the dossier, the council, award decisions and certificates."""

from django.urls import path

from awards import views
from core import converters  # noqa: F401  (registers the path converters used below)

app_name = "awards"

urlpatterns = [
    path("campaigns/<int:pk>/nominations/", views.nominations_page, name="nominations_page"),
    path("campaigns/<int:pk>/nominations/from-vote/", views.nominations_from_vote,
         name="nominations_from_vote"),
    path("campaigns/<int:pk>/nominations/submit/", views.nominations_submit,
         name="nominations_submit"),
    path("nominations/<int:pk>/save/", views.nomination_save, name="nomination_save"),
    path(
        "campaigns/<int:pk>/dossier.<dossierfmt:fmt>",
        views.dossier_download,
        name="dossier_download",
    ),
    path("awards/", views.council_page, name="council_page"),
    path("awards/nominations/<int:pk>/approve/", views.nomination_approve,
         name="nomination_approve"),
    path("awards/nominations/<int:pk>/return/", views.nomination_return,
         name="nomination_return"),
    path("awards/decisions/new/", views.decision_create, name="decision_create"),
    path("awards/earlier-years/", views.past_outcomes_import, name="past_outcomes_import"),
    path("awards/earlier-years/template.xlsx", views.past_outcomes_template,
         name="past_outcomes_template"),
    path(
        "awards/decisions/<int:pk>.<docfmt:fmt>", views.decision_download, name="decision_download"
    ),
    path("awards/decisions/<int:pk>/certificates.pdf", views.certificates, name="certificates"),
    path("awards/decisions/<int:pk>/certificates/", views.certificate_options,
         name="certificate_options"),
]
