"""Charts read at 390 px: text of 12 px or more at the width each drawing is shown at, and a
sentence instead of an empty axis when there is nothing to draw."""

import re

import pytest
from django.urls import reverse

from dashboards.charts import SIZES


def chart(client, kind="semiannual", **params):
    return client.get(reverse("dashboards:dashboard_chart", args=[kind]), params).content.decode()


def font_sizes(svg):
    return [float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", svg)]


def drawn_width(svg):
    return float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))


@pytest.mark.parametrize("size", ["phone", "page"])
def test_every_text_of_a_chart_is_at_least_12_px(world, campaign, client_for, size):
    svg = chart(client_for(world.users["secretariat"]), size=size)
    assert font_sizes(svg) and min(font_sizes(svg)) >= 12


def test_the_phone_chart_is_drawn_no_wider_than_a_card_on_a_390_px_screen(world, campaign,
                                                                           client_for):
    svg = chart(client_for(world.users["secretariat"]), size="phone")
    assert drawn_width(svg) <= 334 and SIZES["phone"][0] == drawn_width(svg)


def test_a_chart_with_nothing_to_show_says_so_instead_of_drawing_an_axis(world, client_for):
    svg = chart(client_for(world.users["secretariat"]), "ratings")
    assert "Chưa có dữ liệu" in svg and ">0.1<" not in svg


def test_the_dashboard_without_campaigns_shows_an_empty_state(world, client_for):
    page = client_for(world.users["secretariat"]).get(reverse(
        "dashboards:organisation_dashboard"))
    assert 'id="charts-empty"' in page.text and "dashboard/chart/" not in page.text


def test_the_dashboard_offers_the_narrow_drawing_to_phones(world, campaign, client_for):
    page = client_for(world.users["secretariat"]).get(reverse(
        "dashboards:organisation_dashboard"))
    assert 'media="(max-width: 575.98px)"' in page.text and "size=phone" in page.text


def test_the_axis_writes_numbers_with_the_decimal_comma(db):
    from decimal import Decimal
    from types import SimpleNamespace

    from dashboards.charts import unit_trend_svg

    years = [SimpleNamespace(year=y, ranked=5, result=SimpleNamespace(
        submitted=True, total=Decimal(total), rank=1)) for y, total in ((2024, "87.5"),
                                                                        (2025, "91.25"))]
    svg = unit_trend_svg(years, size="page").decode()
    labels = re.findall(r"<text[^>]*>(\d+[.,]\d+)</text>", svg)
    assert labels and all("," in label for label in labels)


def test_a_chart_of_counts_has_whole_numbers_on_its_axis(world, campaign, client_for):
    svg = chart(client_for(world.users["secretariat"]), size="phone")
    assert not re.findall(r"<text[^>]*>\d+,\d+</text>", svg)
