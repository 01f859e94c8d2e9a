"""The year's large files: ask for one, watch its progress, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import file_download
from core.years import year_from_request
from jobs import services
from jobs.forms import YearFileForm
from jobs.models import FileJob
from members import permissions
from members.permissions import Action


def _organisation(request):
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_BOARD,
                                                    request.GET.get("org"))
    permissions.check_whole_organisation(request.user, organisation.pk, Action.VIEW_BOARD)
    return organisation


def _job_for(request, pk):
    job = get_object_or_404(FileJob.objects.select_related("organisation", "requested_by"),
                            pk=pk)
    permissions.check_whole_organisation(request.user, job.organisation_id, Action.VIEW_BOARD)
    return job


@login_required
@require_http_methods(["GET", "POST"])
def year_files(request):
    organisation = _organisation(request)
    year = year_from_request(request)
    if request.method == "POST":
        form = YearFileForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a file to build."), extra_tags="unknown_kind")
        else:
            _job, created = services.request_file(organisation=organisation, year=year,
                                                  kind=form.cleaned_data["kind"],
                                                  user=request.user)
            messages.success(request, _("The file is being built; this page shows its progress.")
                             if created else
                             _("This file is already being built: here is its progress."),
                             extra_tags="job_created" if created else "job_joined")
        return redirect(f"{reverse('jobs:year_files')}?year={year}&org={organisation.code}")
    latest = {}
    for job in FileJob.objects.filter(organisation=organisation, year=year) \
            .select_related("organisation", "requested_by"):
        latest.setdefault(job.kind, job)  # newest first (model ordering)
    return render(request, "jobs/year_files.html", {
        "organisation": organisation, "year": year,
        "kinds": [(kind, label, latest.get(kind)) for kind, label in FileJob.Kind.choices]})


@login_required
def job_status(request, pk):
    """The job's card alone: the page polls it (htmx) while the job is queued or running."""
    return render(request, "jobs/_job.html", {"job": _job_for(request, pk)})


@login_required
def job_download(request, pk):
    job = _job_for(request, pk)
    if job.status != FileJob.Status.DONE or not job.file:
        raise Http404
    return file_download(job.file, job.file_name)
