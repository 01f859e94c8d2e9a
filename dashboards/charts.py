"""Server-side SVG charts (pygal): served as images, so they obey the page's CSP and can be
placed in PDFs too. Every chart's figures are also shown in a table beside it."""

import math

import pygal
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from pygal.style import Style

# An <img> scales its SVG to the box it sits in, text included. Each size is drawn at about
# the width it is shown at, so that labels and legends stay at 12 px or more: "phone" fits
# a card on a 390 px screen (its body is about 334 px wide), "page" half of a desktop page
# (514 px at 1366 px; wider boxes only enlarge it), "print" an A4 page in the documents.
SIZES = {"phone": (330, 340, 13), "page": (500, 320, 13), "print": (760, 320, 12)}


def _style(font):
    return Style(background="white", plot_background="white", foreground="#222",
                 foreground_strong="#111", foreground_subtle="#666",
                 colors=("#198754", "#e0a100", "#a4161a", "#6c757d"),
                 font_family="Liberation Sans, Arimo, sans-serif", label_font_size=font,
                 major_label_font_size=font, legend_font_size=font, value_font_size=font,
                 value_label_font_size=font, tooltip_font_size=font, title_font_size=font + 2,
                 no_data_font_size=font + 3)


# Up to this many clusters the bars stand side by side; beyond, they lie down, one line each,
# so that every cluster's name stays readable. On a phone they always lie down.
UPRIGHT_MAX = 12


def _chart(cls, title, labels, height=None, size="print"):
    width, default_height, font = SIZES[size]
    chart = cls(style=_style(font), js=[], width=width, height=height or default_height,
                title=title, legend_at_bottom=True, legend_box_size=font,
                x_label_rotation=20 if len(labels) > 6 and size != "phone" else 0,
                print_values=False, disable_xml_declaration=False, truncate_label=-1,
                truncate_legend=-1, no_data_text=_("No data yet"),
                # the decimal comma on the axis too ("2,5", not "2.5")
                formatter=lambda value: floatformat(value, "-2"),
                value_formatter=lambda value: floatformat(value, "-2"))
    if size == "phone":  # one legend entry a line: two columns overlap at 330 px
        chart.legend_at_bottom_columns = 1
    chart.x_labels = labels
    return chart


def _count_axis(chart, series):
    """Whole numbers on the axis of a chart of counts (units, reports): at most six ticks,
    never "0,2 0,4 …" that overlap on a phone."""
    peak = max(sum(column) for column in zip(*(values for _label, values in series), strict=True))
    step = max(1, math.ceil(peak / 5))
    chart.y_labels = list(range(0, peak + step, step))
    chart.range = (0, chart.y_labels[-1])


def _add_series(chart, series, counts=True):
    """series: [(label, values)]. Nothing to show (no rows, every value 0) is said in words
    instead of drawing an empty axis from 0.1 to 1.0."""
    if any(value for _label, values in series for value in values):
        for label, values in series:
            chart.add(label, values)
        if counts:
            _count_axis(chart, series)
    else:
        chart.show_x_labels = chart.show_y_labels = False
        chart.show_x_guides = chart.show_y_guides = False


def _cluster_chart(title, rows, series, size="print"):
    """Stacked bars, one per cluster; series: [(label, value of a row)]. Lying bars list
    the clusters top to bottom, so their values go in reverse order."""
    labels = [row.cluster.name for row in rows]
    if len(labels) <= UPRIGHT_MAX and size != "phone":
        chart, ordered = _chart(pygal.StackedBar, title, labels, size=size), rows
    else:
        font = SIZES[size][2]
        chart = _chart(pygal.HorizontalStackedBar, title, labels[::-1],
                       height=130 + 2 * font * len(labels), size=size)
        chart.x_label_rotation, ordered = 0, rows[::-1]
    _add_series(chart, [(label, [value(row) for row in ordered]) for label, value in series])
    return chart.render()


def report_status_svg(rows, period, size="print"):
    title = _("Semi-annual reports") if period == "semiannual" else _("Year-end reports")
    return _cluster_chart(title, rows, [
        (label, lambda row, key=key: row.reports[period][key])
        for key, label in (("on_time", _("on time")), ("late", _("late")),
                           ("missing", _("not submitted")))], size=size)


def ratings_svg(rows, ratings, size="print"):
    return _cluster_chart(_("Ratings"), rows, [
        (rating, lambda row, rating=rating: row.ratings.get(rating, 0)) for rating in ratings],
        size=size)


def report_totals_svg(totals):
    """The whole organisation's reports, one stacked bar per period (for documents covering
    more clusters than a page can chart one by one)."""
    chart = _chart(pygal.StackedBar, _("Reports, all clusters"),
                   [_("Semi-annual"), _("Year-end")])
    _add_series(chart, [
        (label, [totals["reports"][period][key] for period in ("semiannual", "yearend")])
        for key, label in (("on_time", _("on time")), ("late", _("late")),
                           ("missing", _("not submitted")))])
    return chart.render()


def rating_totals_svg(totals, ratings):
    chart = _chart(pygal.Bar, _("Ratings, all clusters"), list(ratings))
    _add_series(chart, [(_("Number of units"),
                         [totals["ratings"].get(rating, 0) for rating in ratings])])
    chart.show_legend = False
    return chart.render()


def unit_trend_svg(years, size="print"):
    """The unit's total score over the years, the rank in the axis label."""
    scored = [y for y in years if y.result is not None and y.result.submitted]
    labels = [f"{y.year} ({y.result.rank or '—'}/{y.ranked})" for y in scored]
    chart = _chart(pygal.Line, _("Total score by year (rank in the cluster)"), labels,
                   size=size)
    _add_series(chart, [(_("Total score"), [float(y.result.total) for y in scored])],
                counts=False)
    chart.show_legend = False
    return chart.render()
