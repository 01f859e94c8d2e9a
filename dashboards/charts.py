"""Server-side SVG charts (pygal): served as images, so they obey the page's CSP and can be
placed in PDFs too. Every chart's figures are also shown in a table beside it."""

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

STYLE = Style(background="white", plot_background="white", foreground="#222",
              foreground_strong="#111", foreground_subtle="#666",
              colors=("#198754", "#e0a100", "#a4161a", "#6c757d"),
              font_family="Liberation Sans, Arimo, sans-serif", label_font_size=12,
              legend_font_size=12, value_font_size=11, title_font_size=14)

# Up to this many clusters the bars stand side by side; beyond, they lie down, one line each,
# so that every cluster's name stays readable.
UPRIGHT_MAX = 12


def _chart(cls, title, labels, height=320):
    chart = cls(style=STYLE, js=[], width=760, height=height, title=title, legend_at_bottom=True,
                x_label_rotation=20 if len(labels) > 6 else 0, print_values=False,
                disable_xml_declaration=False)
    chart.x_labels = labels
    return chart


def _cluster_chart(title, rows, series):
    """Stacked bars, one per cluster; series: [(label, value of a row)]. Lying bars list
    the clusters top to bottom, so their values go in reverse order."""
    labels = [row.cluster.name for row in rows]
    if len(labels) <= UPRIGHT_MAX:
        chart, ordered = _chart(pygal.StackedBar, title, labels), rows
    else:
        chart = _chart(pygal.HorizontalStackedBar, title, labels[::-1],
                       height=110 + 16 * len(labels))
        chart.x_label_rotation, ordered = 0, rows[::-1]
    for label, value in series:
        chart.add(label, [value(row) for row in ordered])
    return chart.render()


def report_status_svg(rows, period):
    title = _("Semi-annual reports") if period == "semiannual" else _("Year-end reports")
    return _cluster_chart(title, rows, [
        (label, lambda row, key=key: row.reports[period][key])
        for key, label in (("on_time", _("on time")), ("late", _("late")),
                           ("missing", _("not submitted")))])


def ratings_svg(rows, ratings):
    return _cluster_chart(_("Ratings"), rows, [
        (rating, lambda row, rating=rating: row.ratings.get(rating, 0)) for rating in ratings])


def report_totals_svg(totals):
    """The whole organisation's reports, one stacked bar per period (for documents covering
    more clusters than a page can chart one by one)."""
    chart = _chart(pygal.StackedBar, _("Reports, all clusters"),
                   [_("Semi-annual"), _("Year-end")])
    for key, label in (("on_time", _("on time")), ("late", _("late")),
                       ("missing", _("not submitted"))):
        chart.add(label, [totals["reports"][period][key] for period in ("semiannual", "yearend")])
    return chart.render()


def rating_totals_svg(totals, ratings):
    chart = _chart(pygal.Bar, _("Ratings, all clusters"), list(ratings))
    chart.add(_("Number of units"), [totals["ratings"].get(rating, 0) for rating in ratings])
    chart.show_legend = False
    return chart.render()


def unit_trend_svg(years):
    """The unit's total score over the years, the rank in the axis label."""
    scored = [y for y in years if y.result is not None and y.result.submitted]
    labels = [f"{y.year} ({y.result.rank or '—'}/{y.ranked})" for y in scored]
    chart = _chart(pygal.Line, _("Total score by year (rank in the cluster)"), labels)
    chart.add(_("Total score"), [float(y.result.total) for y in scored])
    chart.show_legend = False
    return chart.render()
