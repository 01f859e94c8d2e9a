"""URLs of dashboards: organisation and cluster dashboards, unit history charts."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("units/<int:pk>/history.svg", views.unit_history_chart, name="unit_history_chart"),
    path("units/<int:pk>/history.xlsx", views.unit_history_xlsx, name="unit_history_xlsx"),
    path("dashboard/", views.organisation_dashboard, name="organisation_dashboard"),
    path("dashboard/chart/<str:kind>.svg", views.chart, name="dashboard_chart"),
    path("campaigns/<int:pk>/dashboard/", views.cluster_dashboard, name="cluster_dashboard"),
]
