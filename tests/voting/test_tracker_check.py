"""The tracker check in the room (issue 13, item 8): the secretary records how many units
checked their trackers on the bulletin, any unit reporting a missing tracker and a note; the
minutes print it."""

import pytest
from django.urls import reverse

from documents.pdf import render_pdf
from tests.helpers import pdf_text, refusal_codes
from tests.voting.conftest import board_ready
from voting import services
from voting.documents import minutes_document
from voting.models import TrackerCheck


@pytest.fixture
def opened(five, session):
    services.session_open(session=session)
    session.refresh_from_db()
    board_ready(session)
    return session


def minutes_text(session, user):
    return " ".join(pdf_text(render_pdf(minutes_document(session, user))).split())


def test_the_check_is_recorded_and_the_minutes_print_it(world, five, opened):
    _campaign, units, _voters = five
    text = minutes_text(opened, world.users["head"])
    assert "Việc đối chiếu mã theo dõi phiếu trên bảng tin tại hội nghị: chưa ghi nhận" in text
    services.tracker_check_record(session=opened, units_checked=4, missing_units=[units["U4"]],
                                  note="Đơn vị U4 tra lại, thấy mã; hội nghị thống nhất.")
    text = minutes_text(opened, world.users["head"])
    assert "đại biểu của 4/5 đơn vị có mặt đã đối chiếu" in text
    assert "đơn vị báo không thấy mã theo dõi: Đơn vị U4." in text
    assert "Ghi chú: Đơn vị U4 tra lại, thấy mã; hội nghị thống nhất." in text
    # Recorded again (until the minutes are issued): the last record holds.
    services.tracker_check_record(session=opened, units_checked=5, missing_units=[], note="")
    check = TrackerCheck.objects.get(session=opened)
    assert check.units_checked == 5 and not check.missing_units.exists()
    assert "không đơn vị nào báo thiếu mã theo dõi" in minutes_text(opened, world.users["head"])


def test_bad_records_are_refused_and_change_nothing(world, five, opened):
    _campaign, units, _voters = five
    record = services.tracker_check_record
    assert refusal_codes(lambda: record(session=opened, units_checked=6, missing_units=[],
                                  note="")) == {"bad_units_checked"}
    assert refusal_codes(lambda: record(session=opened, units_checked=5,
                                  missing_units=[units["UM"]], note=" ")) == {"note_required"}
    assert refusal_codes(lambda: record(session=opened, units_checked=1,
                                  missing_units=[world.other_unit], note="x")) == {
        "missing_not_present"}
    assert refusal_codes(lambda: record(session=opened, units_checked=1,
                                  missing_units=[units["UM"], units["U4"]], note="x")) == {
        "missing_above_checked"}
    assert not TrackerCheck.objects.exists()


def test_not_before_the_vote_opens(five, session):
    assert refusal_codes(lambda: services.tracker_check_record(
        session=session, units_checked=0, missing_units=[], note="")) == {"not_open"}


def test_the_head_records_it_on_the_session_page(world, five, opened, client_for):
    _campaign, units, _voters = five
    url = reverse("voting:tracker_check", args=[opened.campaign_id])
    page_url = reverse("voting:voting_session", args=[opened.campaign_id])
    assert 'id="tracker-check-save"' not in client_for(world.users["member"]).get(page_url).text
    assert client_for(world.users["member"]).post(url, {"units_checked": 5}).status_code == 403
    head = client_for(world.users["head"])
    assert 'id="tracker-check-save"' in head.get(page_url).text
    page = head.post(url, {"units_checked": 9})
    assert page.status_code == 200 and not TrackerCheck.objects.exists()
    response = head.post(url, {"units_checked": 3, "missing": [units["U5"].pk],
                               "note": "U5 không thấy mã"})
    assert response.status_code == 302
    check = TrackerCheck.objects.get(session=opened)
    assert check.units_checked == 3 and list(check.missing_units.all()) == [units["U5"]]
    assert "U5 không thấy mã" in head.get(page_url).text
