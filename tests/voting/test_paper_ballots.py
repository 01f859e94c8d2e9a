import re
import subprocess

import pytest
from django.urls import reverse

from tests.helpers import lock_results, pdf_text
from voting import services
from voting.models import CountingBoardMember


@pytest.fixture
def paper(five):
    """A paper vote prepared with UM and U4 candidates for the flag; four units present."""
    campaign, units, _voters = five
    lock_results(campaign)
    session = services.session_prepare(campaign=campaign, mode="paper")
    flag = session.questions.get(kind="award", award__level="org_flag")
    for code in ("UM", "U4"):
        services.candidate_add(question=flag, unit=units[code], reason="Xuất sắc")
    services.attendance_set(session=session, units=[units[c] for c in ("UH", "UD", "UM", "U4")])
    return campaign, units, session


def _pages(content):
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_paper_ballots_print_one_page_per_present_unit_and_question(world, paper, client_for):
    campaign, _units, session = paper
    questions = [q for q in session.questions.all() if q.candidates.exists()]
    content = client_for(world.users["head"]).get(
        reverse("voting:paper_ballots", args=[campaign.pk])).content
    assert _pages(content) == 4 * len(questions)


def test_a_paper_ballot_holds_the_question_its_candidates_and_the_rules(world, paper,
                                                                        client_for):
    campaign, units, _session = paper
    text = " ".join(pdf_text(client_for(world.users["secretariat"]).get(
        reverse("voting:paper_ballots", args=[campaign.pk])).content).split())
    wanted = ["PHIẾU BẦU", campaign.cluster.name.upper(), str(campaign.year), "Cờ thi đua",
              units["UM"].name, units["U4"].name, "Chọn tối đa 1 đơn vị",
              "đánh dấu X", "Phiếu không hợp lệ", "không có dấu hoặc chữ ký của Ban Kiểm phiếu",
              "chọn quá 1 đơn vị", "Dấu hoặc chữ ký của Ban Kiểm phiếu"]
    assert [w for w in wanted if w not in text] == []


def test_a_paper_ballot_names_no_voter(world, paper, client_for):
    campaign, units, _session = paper
    text = pdf_text(client_for(world.users["head"]).get(
        reverse("voting:paper_ballots", args=[campaign.pk])).content)
    assert "Đơn vị bỏ phiếu" not in text and "Người bầu" not in text


def test_preparing_the_vote_proposes_a_counting_board_from_head_deputy_and_a_member(paper):
    _campaign, units, session = paper
    board = list(CountingBoardMember.objects.filter(session=session))
    heads = [units["UH"], units["UD"]]
    assert [m.unit for m in board[:2]] == heads and board[2].unit not in heads \
        and board[0].is_chief


def test_the_head_names_the_counting_board_chair_and_secretary(world, paper, client_for):
    campaign, units, session = paper
    response = client_for(world.users["head"]).post(
        reverse("voting:voting_details", args=[campaign.pk]), {
            "place": "Hội trường", "chair": "Ông Chủ Tọa", "secretary": "Bà Thư Ký",
            "board_0_name": "Trưởng Ban", "board_0_unit": units["UD"].pk,
            "board_1_name": "Thành Viên", "board_1_unit": units["U4"].pk,
            "board_2_name": "", "board_2_unit": ""})
    session.refresh_from_db()
    names = list(session.board_members.values_list("name", flat=True))
    assert response.status_code == 302 and session.chair == "Ông Chủ Tọa" \
        and names == ["Trưởng Ban", "Thành Viên"]


def test_a_board_without_its_chief_comes_back_with_the_error_and_saves_nothing(world, paper,
                                                                              client_for):
    campaign, _units, session = paper
    response = client_for(world.users["head"]).post(
        reverse("voting:voting_details", args=[campaign.pk]), {
            "chair": "Ông Chủ Tọa", "secretary": "Bà Thư Ký", "board_0_name": ""})
    session.refresh_from_db()
    assert response.status_code == 200 and 'aria-invalid="true"' in response.text \
        and session.chair == ""


def test_invalid_paper_ballots_cannot_exceed_the_ballots_issued(paper):
    from django.core.exceptions import ValidationError

    from tests.helpers import error_codes

    _campaign, _units, session = paper
    services.session_open(session=session)
    session.refresh_from_db()
    flag = session.questions.get(kind="award", award__level="org_flag")
    with pytest.raises(ValidationError) as refused:
        services.paper_counts_save(question=flag, ballots=3, counts={}, invalid=2)
    assert "too_many_ballots" in error_codes(refused.value)
