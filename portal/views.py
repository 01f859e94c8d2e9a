"""The top floor's pages: each role's home page and the user guide (the audit trail:
audit_views.py)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from core.years import current_year, year_from_request
from portal import guide, inbox, selectors


@login_required
def home(request):
    year = year_from_request(request, default=selectors.home_year(request.user, current_year()))
    today = timezone.localdate()
    unit_panels = selectors.unit_panels(request.user, year)
    inbox.fill_unit_inboxes(unit_panels, today)
    organisation_panels = selectors.organisation_panels(request.user, year)
    inbox.fill_organisation_inboxes(organisation_panels, request.user, year, today)
    return render(request, "portal/home.html", {
        "year": year, "organisation_panels": organisation_panels, "unit_panels": unit_panels,
    })


@login_required
def guide_index(request):
    return _guide(request, guide.INDEX)


@login_required
def guide_page(request, slug):
    if slug == guide.INDEX:
        raise Http404  # the index has one address: /huong-dan/
    return _guide(request, slug)


def _guide(request, slug):
    page = guide.render_page(slug)
    if page is None:
        raise Http404
    return render(request, "portal/guide.html", {"page": page, "is_index": slug == guide.INDEX})


@login_required
@cache_control(private=True, max_age=3600)
def guide_image(request, name):
    """A screenshot of the guide: only a .png file directly inside docs/huong-dan/anh."""
    path = guide.image_path(name)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")
