"""Dashboards: the organisation's year (leadership, secretariat) and one cluster's year."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from campaigns.access import get_campaign_for
from clusters.models import Cluster
from clusters.selectors import predecessors_of
from core.years import year_from_request
from dashboards import charts, exports, selectors
from documents.text import file_slug
from members import permissions
from members.permissions import Action

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request):
    """(organisation, year, cluster id) — a cluster-limited leader sees only their cluster."""
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_BOARD,
                                                    request.GET.get("org"))
    limit = permissions.leadership_cluster_limit(request.user, organisation.pk)
    raw = request.GET.get("cluster", "")
    cluster_id = limit or (int(raw) if raw.isdigit() else None)
    return organisation, year_from_request(request), cluster_id


@login_required
def organisation_dashboard(request):
    organisation, year, cluster_id = _scope(request)
    rows, grants = selectors.organisation_overview(organisation, year, cluster_id)
    if request.GET.get("format") == "xlsx":
        return _xlsx(exports.overview_xlsx(rows, grants), f"tong-hop-{organisation.code}-{year}")
    clusters = permissions.within_cluster_limit(
        Cluster.objects.filter(organisation=organisation), request.user, organisation.pk,
        cluster="pk")
    return render(request, "dashboards/organisation.html", {
        "organisation": organisation, "year": year, "cluster_id": cluster_id, "rows": rows,
        "grants": grants, "totals": selectors.totals(rows), "ratings": selectors.RATINGS,
        "clusters": clusters,
        "whole_organisation": not permissions.leadership_cluster_limit(request.user,
                                                                       organisation.pk),
        "query": request.GET.urlencode()})


def _chart_size(request):
    """?size=phone: the page's <picture> asks for the narrow drawing on small screens."""
    return "phone" if request.GET.get("size") == "phone" else "page"


@login_required
def chart(request, kind):
    organisation, year, cluster_id = _scope(request)
    rows, _grants = selectors.organisation_overview(organisation, year, cluster_id)
    if kind in selectors.PERIODS:
        svg = charts.report_status_svg(rows, kind, size=_chart_size(request))
    elif kind == "ratings":
        svg = charts.ratings_svg(rows, selectors.RATINGS, size=_chart_size(request))
    else:
        raise Http404
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
def cluster_dashboard(request, pk):
    """One cluster's year: every unit's pledge, reports, target completion and score, and a
    heat map of criterion scores by unit."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_UNIT_WORK)
    rows, criteria = selectors.cluster_overview(campaign)
    if request.GET.get("format") == "xlsx":
        return _xlsx(exports.cluster_xlsx(rows, criteria),
                     file_slug("bang theo doi", campaign.cluster.name, campaign.year))
    return render(request, "dashboards/cluster.html",
                  {"campaign": campaign, "rows": rows, "criteria": criteria})


@login_required
def unit_history_chart(request, pk):
    unit, years = _unit_years(request, pk)
    return HttpResponse(charts.unit_trend_svg(years, size=_chart_size(request)),
                        content_type="image/svg+xml")


@login_required
def unit_history_xlsx(request, pk):
    unit, years = _unit_years(request, pk)
    return _xlsx(exports.unit_history_xlsx(unit, years),
                 file_slug("lich su thi dua", unit.name))


def _unit_years(request, pk):
    unit, _roles = permissions.get_unit_for(request.user, pk, Action.VIEW_UNIT)
    return unit, selectors.unit_years(unit, [unit, *predecessors_of(unit)])


def _xlsx(content, stem):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem.lower()}.xlsx"'
    return response
