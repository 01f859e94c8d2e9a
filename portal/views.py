"""The top floor's pages: each role's home page (the audit trail: audit_views.py)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.years import year_from_request
from portal import selectors


@login_required
def home(request):
    year = year_from_request(request)
    return render(request, "portal/home.html", {
        "year": year,
        "organisation_panels": selectors.organisation_panels(request.user, year),
        "unit_panels": selectors.unit_panels(request.user, year),
    })

