"""Dashboards' parts of pages owned by apps below it (a unit's page shows its history by year):
the registry cannot import scores and awards, so its template asks for them here."""

from django import template

from dashboards.selectors import unit_years

register = template.Library()


@register.inclusion_tag("dashboards/_unit_history.html")
def unit_history(unit, predecessors):
    """The unit's years side by side (its predecessors' years too), newest first."""
    years = unit_years(unit, [unit, *predecessors])
    return {
        "unit": unit,
        "predecessors": predecessors,
        "years": years[::-1],
        # A trend needs two scored years at least.
        "show_trend": sum(1 for y in years if y.result and y.result.submitted) > 1,
    }
