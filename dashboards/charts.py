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


def _chart(cls, title, labels):
    chart = cls(style=STYLE, js=[], width=760, height=320, title=title, legend_at_bottom=True,
                x_label_rotation=20 if len(labels) > 6 else 0, print_values=False,
                disable_xml_declaration=False)
    chart.x_labels = labels
    return chart


def report_status_svg(rows, period):
    labels = [row.cluster.name for row in rows]
    title = _("Semi-annual reports") if period == "semiannual" else _("Year-end reports")
    chart = _chart(pygal.StackedBar, title, labels)
    for key, label in (("on_time", _("on time")), ("late", _("late")),
                       ("missing", _("not submitted"))):
        chart.add(label, [row.reports[period][key] for row in rows])
    return chart.render()


def ratings_svg(rows, ratings):
    chart = _chart(pygal.StackedBar, _("Ratings"), [row.cluster.name for row in rows])
    for rating in ratings:
        chart.add(rating, [row.ratings.get(rating, 0) for row in rows])
    return chart.render()


def unit_trend_svg(years):
    """The unit's total score over the years, the rank in the axis label."""
    scored = [y for y in years if y.result is not None and y.result.submitted]
    labels = [f"{y.year} ({y.result.rank or '—'}/{y.ranked})" for y in scored]
    chart = _chart(pygal.Line, _("Total score by year (rank in the cluster)"), labels)
    chart.add(_("Total score"), [float(y.result.total) for y in scored])
    chart.show_legend = False
    return chart.render()
