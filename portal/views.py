"""The top floor's pages: each role's home page, the audit trail and the user guide."""

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from core.pagination import paginate
from core.years import year_from_request
from members import permissions
from members.permissions import Action
from portal import guide, inbox, selectors

AUDITED_MODELS = ["organisation", "cluster", "unit", "membership", "staffrole",
                  "representative", "user"]


@login_required
def home(request):
    year = year_from_request(request)
    today = timezone.localdate()
    unit_panels = selectors.unit_panels(request.user, year)
    inbox.fill_unit_inboxes(unit_panels, today)
    organisation_panels = selectors.organisation_panels(request.user, year)
    inbox.fill_organisation_inboxes(organisation_panels, request.user, year, today)
    return render(request, "portal/home.html", {
        "year": year, "organisation_panels": organisation_panels, "unit_panels": unit_panels,
    })


@login_required
def audit_log(request):
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_AUDIT,
                                                    request.GET.get("org"))
    entries = (LogEntry.objects.filter(additional_data__organisation_id=organisation.pk)
               .select_related("actor", "content_type").order_by("-timestamp"))
    model = request.GET.get("model", "")
    if model in AUDITED_MODELS:
        entries = entries.filter(content_type__model=model)
    search = request.GET.get("q", "").strip()
    if search:
        entries = entries.filter(Q(object_repr__icontains=search)
                                 | Q(actor__username__icontains=search)
                                 | Q(actor__full_name__icontains=search))
    record_kinds = [(ct.model, ct.model_class()._meta.verbose_name)
                    for ct in ContentType.objects.filter(model__in=AUDITED_MODELS,
                                                         app_label__in=["clusters", "members"])]
    page = paginate(request, entries, per_page=50)
    return render(request, "portal/audit_log.html", {
        "organisation": organisation, "page": page, "rows": selectors.audit_rows(page),
        "model": model, "search": search, "record_kinds": record_kinds,
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
