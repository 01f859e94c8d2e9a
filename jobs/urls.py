"""URLs of jobs: year files built by the task worker."""

from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("reports/year/", views.year_files, name="year_files"),
    path("reports/year/jobs/<int:pk>/", views.job_status, name="job_status"),
    path("reports/year/jobs/<int:pk>/file", views.job_download, name="job_download"),
]
