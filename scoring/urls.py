"""URLs of scoring: criteria table, self-scoring, verification, contests, results."""

from django.urls import path

from core import converters  # noqa: F401  (registers the path converters used below)
from scoring import views

app_name = "scoring"

urlpatterns = [
    # The launch is the campaign's, but it also creates reports and the criteria table, so
    # its view lives in the lowest app that may import all three (scoring.services).
    path("campaigns/<int:pk>/launch/", views.campaign_launch, name="campaign_launch"),
    path("campaigns/<int:pk>/next-year/", views.campaign_next_year, name="campaign_next_year"),
    path("campaigns/<int:pk>/scoring/", views.scoring_table, name="scoring_table"),
    path("campaigns/<int:pk>/scoring/create/", views.scoring_table_create,
         name="scoring_table_create"),
    path("campaigns/<int:pk>/scoring/edit/", views.table_edit, name="table_edit"),
    path("campaigns/<int:pk>/scoring/load-template/", views.table_load_template,
         name="table_load_template"),
    path("scoring/templates/", views.template_list, name="template_list"),
    path("scoring/templates/new/", views.template_create, name="template_create"),
    path("scoring/templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("scoring/templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("scoring/templates/<int:pk>/rename/", views.template_rename, name="template_rename"),
    path("scoring/templates/<int:pk>/default/", views.template_default,
         name="template_default"),
    path("scoring/templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
    path("scoring/templates/<int:pk>/table.xlsx", views.template_export,
         name="template_export"),
    path("scoring/templates/<int:pk>/import/", views.template_import, name="template_import"),
    path("clusters/<int:pk>/criteria-template/", views.cluster_template,
         name="cluster_template"),
    path("campaigns/<int:pk>/scoring/open/", views.scoring_open, name="scoring_open"),
    path("campaigns/<int:pk>/scoring/reopen/", views.scoring_reopen, name="scoring_reopen"),
    path("campaigns/<int:pk>/scoring/table.xlsx", views.scoring_export, name="scoring_export"),
    path("campaigns/<int:pk>/scoring/import/", views.scoring_import, name="scoring_import"),
    path("score-sheets/<int:pk>/", views.sheet_detail, name="sheet_detail"),
    path("score-sheets/<int:pk>/self/", views.sheet_self_score, name="sheet_self_score"),
    path("score-sheets/<int:pk>/verify/", views.sheet_verify, name="sheet_verify"),
    path("scores/<int:pk>/contest/", views.score_contest, name="score_contest"),
    path("scores/<int:pk>/resolve/", views.score_resolve, name="score_resolve"),
    path("campaigns/<int:pk>/results/", views.results_page, name="results_page"),
    path("campaigns/<int:pk>/results/lock/", views.results_lock, name="results_lock"),
    path(
        "campaigns/<int:pk>/results.<resultfmt:fmt>",
        views.results_download,
        name="results_download",
    ),
]
