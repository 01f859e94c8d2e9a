"""Shared form pieces: the decimal comma, the native date picker with dd/mm/yyyy in its
message, and database constraint messages in Vietnamese."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.forms import DateField, VietnameseDecimalField
from scoring import services as scoring_services
from tests.helpers import error_codes


def test_a_stored_decimal_is_shown_with_the_decimal_comma():
    field = VietnameseDecimalField(max_digits=6, decimal_places=2)
    assert field.prepare_value(Decimal("3.00")) == "3,00"


def test_a_typed_decimal_comes_back_as_typed():
    assert VietnameseDecimalField().prepare_value("3.5 điểm") == "3.5 điểm"


def test_a_date_field_is_the_browsers_date_picker():
    html = DateField().widget.render("d", datetime.date(2026, 12, 31))
    assert 'type="date"' in html and 'value="2026-12-31"' in html


def test_a_wrong_date_says_which_format_is_expected():
    with pytest.raises(ValidationError) as raised:
        DateField().clean("31.12")
    assert raised.value.code == "invalid" and "dd/mm/yyyy" in raised.value.messages[0]


def test_the_campaign_form_offers_date_pickers_and_keeps_a_wrong_date(world, campaign,
                                                                       client_for):
    client = client_for(world.users["head"])
    page = client.post(reverse("campaigns:campaign_edit", args=[campaign.pk]),
                       {"title": campaign.title, "pledge_due": "32/13/2026"})
    assert page.status_code == 200 and 'value="32/13/2026"' in page.text
    assert 'type="date"' in page.text and "Nhập một ngày hợp lệ theo dạng dd/mm/yyyy" in page.text


def test_the_campaign_page_shows_dates_as_day_month_year(world, campaign, client_for):
    page = client_for(world.users["head"]).get(
        reverse("campaigns:campaign_detail", args=[campaign.pk]))
    due = campaign.pledge_due
    assert f"{due.day:02d}/{due.month:02d}/{due.year}" in page.text


def test_the_scoring_rules_show_caps_with_the_decimal_comma(world, campaign, client_for):
    scoring_services.table_for_campaign(campaign=campaign)
    page = client_for(world.users["head"]).get(
        reverse("scoring:table_edit", args=[campaign.pk]))
    value = re.search(r'name="settings-bonus_cap" value="([^"]*)"', page.text).group(1)
    assert "," in value and "." not in value


def test_a_violated_constraint_is_explained_in_vietnamese(world, campaign, client_for):
    from tests.scoring.test_templates import editor_data

    table = scoring_services.table_for_campaign(campaign=campaign)
    page = client_for(world.users["head"]).post(
        reverse("scoring:table_edit", args=[campaign.pk]),
        editor_data(table, **{"settings-bonus_cap": "-1"}))
    assert "Mức cộng điểm và mức trừ điểm tối đa không được âm." in page.text
    assert "criteria_caps_not_negative" not in page.text


def test_a_too_high_number_names_the_limit_with_the_decimal_comma():
    field = VietnameseDecimalField(max_value=Decimal("12.50"), max_digits=6, decimal_places=2)
    with pytest.raises(ValidationError) as raised:
        field.clean("99")
    assert error_codes(raised.value) == {"max_value"} and "12,5" in raised.value.messages[0]
