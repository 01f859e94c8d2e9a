"""Every document kind against its checklist in shared/documents.md: the text of the PDF
(pdftotext) and of the Word file (python-docx) holds each element. One year of a cluster is
built once for the module (conference, vote, submission, decision) and every document is
rendered in both formats there; the tests only read the texts."""

import datetime
import io
import re
import subprocess

import docx
import pytest
import time_machine
from django.db import transaction

from awards import documents as award_documents
from awards import services as award_services
from awards.models import Nomination
from campaigns import services as campaign_services
from campaigns.documents import pledge_document
from campaigns.forms import default_dates
from campaigns.models import AwardType, Campaign
from clusters.models import Membership
from core.years import current_year
from dashboards.documents import year_summary_document
from documents.docx import render_docx
from documents.pdf import render_pdf
from members.models import StaffRole
from reports import services as report_services
from reports.documents import summary_document
from reports.models import ClusterSummary, Period
from scoring import services as scoring_services
from scoring.documents import results_document
from tests.conftest import at
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_staff, make_unit
from tests.helpers import docx_text, lock_results, pdf_text, register_and_sign
from tests.voting.conftest import close_and_count, vote_as
from voting import services as voting
from voting.documents import minutes_document, vote_count_document

# The module-scoped fixture needs the test database set up (pytest-django does it for
# sessions holding a django_db test).
pytestmark = pytest.mark.django_db

GOVERNING = "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
DECIDER = "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"
COUNCIL = "Hội đồng Thi đua – Khen thưởng tỉnh Lai Châu"
REGULATION = "Quy chế Thi đua, khen thưởng tỉnh Lai Châu ban hành kèm theo Quyết định số 12/QĐ-UBND"
LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
DECREE = "Nghị định số 152/2025/NĐ-CP"
NAMES = {"UH": "Lò Văn Hùng", "UD": "Tao Thị Dung", "UM": "Vàng A Minh", "U4": "Lý Thị Bốn",
         "U5": "Hà Văn Năm"}


def year_documents(year):
    """The cluster's year, up to the decision; returns {kind: function building the
    document} (the bench times those functions too)."""
    org = make_org(code="laichau", name="Ủy ban nhân dân tỉnh Lai Châu")
    org.governing_body, org.place, org.council_name = GOVERNING, "Lai Châu", COUNCIL
    org.decider_post, org.decider_authority, org.decider_title = DECIDER, "KT. CHỦ TỊCH", \
        "PHÓ CHỦ TỊCH"
    org.competence_basis = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2025"
    org.regulation_basis, org.standing_office = REGULATION, "Ban Thi đua – Khen thưởng"
    org.standing_office_signer_title, org.standing_office_signer_name = "TRƯỞNG BAN", \
        "Đèo Văn Ban"
    org.save()
    cluster = make_cluster(org, code="khoi", name="Khối thi đua các tổ chức hội đặc thù tỉnh")
    roles = {"UH": Membership.Role.HEAD, "UD": Membership.Role.DEPUTY}
    units, voters = {}, {}
    for code, leader in NAMES.items():
        unit = make_unit(org, code=code, name=f"Hội {code} tỉnh")
        unit.leader_name, unit.leader_post, unit.place = leader, "Chủ tịch", "Điện Biên"
        unit.save()
        make_membership(cluster, unit, year, roles.get(code, Membership.Role.MEMBER))
        units[code], voters[code] = unit, make_rep(unit)
    secretariat = make_staff(org, StaffRole.Role.SECRETARIAT)
    campaign = campaign_services.campaign_save(campaign=Campaign(
        cluster=cluster, year=year, title="Phong trào thi đua", place="Lai Châu",
        pledge_text="Thi đua hoàn thành xuất sắc nhiệm vụ được giao.", **default_dates(year)))
    with time_machine.travel(at(year, 3, 1), tick=False):
        campaign_services.campaign_launch(campaign=campaign)
    with time_machine.travel(at(year, 4, 1), tick=False):
        register_and_sign(campaign, units["UM"], voters["UM"],
                          [("Phát triển hội viên", "người", 1234)])
    report_services.summary_save(campaign=campaign, period=Period.SEMIANNUAL,
                                 narrative="Các đơn vị hoàn thành tốt nhiệm vụ.")
    table = scoring_services.table_for_campaign(campaign=campaign)
    session = _vote(campaign, units, voters)
    session = voting.vote_records_issue(session=session, by=voters["UH"])
    award_services.nominations_from_vote(campaign=campaign)
    award_services.nominations_submit(campaign=campaign, by=voters["UH"])
    flag = AwardType.objects.get(organisation=org, level="org_flag")
    decision = award_services.decision_record(
        outside_reason="Khen thưởng đột xuất",
        organisation=org, award=flag, year=year, number="125/QĐ-UBND",
        signed_on=datetime.date(year, 12, 28), issuer="Ủy ban nhân dân tỉnh Lai Châu",
        signer="PGS.TS. Nguyễn Văn Quyết", units=[units["UM"]], by=secretariat)
    nomination = Nomination.objects.select_related("campaign", "unit", "award").first()
    head = voters["UH"]
    summary = ClusterSummary.objects.get(campaign=campaign, period=Period.SEMIANNUAL)
    nominations = list(Nomination.objects.filter(campaign=campaign))
    return {
        "pledge": lambda: pledge_document(campaign, head),
        "summary": lambda: summary_document(summary, head),
        "results": lambda: results_document(table, head),
        "vote_count": lambda: vote_count_document(session, head, issued=session.count_record),
        "minutes": lambda: minutes_document(session, head, issued=session.minutes_record),
        "submission": lambda: award_documents.submission_document(campaign, nominations, head),
        "achievement": lambda: award_documents.achievement_document(nomination, head),
        "decision": lambda: award_documents.decision_document(decision, secretariat),
        "year_summary": lambda: year_summary_document(org, year, secretariat),
    }


def _vote(campaign, units, voters):
    lock_results(campaign)
    session = voting.session_prepare(campaign=campaign)
    flag = session.questions.get(kind="award", award__level="org_flag")
    for code in ("UM", "U4"):
        voting.candidate_add(question=flag, unit=units[code], reason="Xuất sắc")
    merit = session.questions.get(kind="award", award__level="org_merit")
    voting.candidate_add(question=merit, unit=units["U5"], reason="Tốt")  # nobody votes on it
    present = [units[c] for c in ("UH", "UD", "UM", "U4")]  # U5 absent
    voting.attendance_set(session=session, units=present)
    voting.session_details_save(session=session, place="Hội trường tỉnh Lai Châu",
                                chair=NAMES["UH"], secretary=NAMES["U4"],
                                board=[("Quàng Văn Kiểm", units["UH"]),
                                       ("Lò Thị Phiếu", units["UD"]),
                                       ("Vì Văn Đếm", units["UM"])])
    voting.session_open(session=session)
    session.refresh_from_db()
    flag = session.questions.get(kind="award", award__level="org_flag")
    for code in ("UH", "UD", "U4", "UM"):
        vote_as(flag, units[code], voters[code], units["UM"])
    for kind, code in (("head", "UD"), ("deputy", "UM")):
        question = session.questions.get(kind=kind)
        for voter in ("UH", "UD", "UM", "U4"):
            vote_as(question, units[voter], voters[voter], units[code])
    close_and_count(session, {units[c]: voters[c] for c in ("UH", "UD", "UM", "U4")})
    voting.session_close(session=session)
    session.refresh_from_db()
    return session


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{kind: {"pdf": text, "docx": text, "pdf_bytes": …, "docx_bytes": …}}; the database
    work is rolled back once everything is rendered."""
    found = {}
    with django_db_blocker.unblock(), transaction.atomic():
        for kind, build in year_documents(current_year()).items():
            document = build()
            pdf, word = render_pdf(document), render_docx(document)
            found[kind] = {"pdf": _flat(_pdf_reading_order(pdf)), "docx": _flat(docx_text(word)),
                           "pdf_bytes": pdf, "docx_bytes": word}
        transaction.set_rollback(True)
    return found


def _pdf_reading_order(content):
    """pdftotext in reading order: its -layout mode (tests.helpers.pdf_text) interleaves the
    two columns of the closing (recipients | signature) and the wrapped cells of a table."""
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()


def _flat(text):
    return re.sub(r"\s+", " ", text)


EVERY = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "./."]
CHECKLIST = {
    "pledge": ["BẢN GIAO ƯỚC THI ĐUA", "NỘI DUNG GIAO ƯỚC CHUNG", "Phát triển hội viên",
               "1.234", *NAMES.values(), "Nơi nhận:", "- Lưu: VT."],
    "summary": ["BÁO CÁO", "Sơ kết công tác thi đua 6 tháng đầu năm", "Thời gian báo cáo",
                "tính đến ngày", "Chưa gửi", "KẾT QUẢ THỰC HIỆN CHỈ TIÊU", "ĐÁNH GIÁ CHUNG",
                "TM. KHỐI THI ĐUA", NAMES["UH"], "Chủ tịch Hội UH tỉnh",
                f"- Thường trực {COUNCIL};",
                "- Lưu: VT."],
    "results": ["BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA", "Xếp loại", "Hội UM tỉnh",
                NAMES["UH"], "- Lưu: VT."],
    "vote_count": ["BIÊN BẢN KIỂM PHIẾU", "Số: 01/BB-KHOI", "Hội trường tỉnh Lai Châu",
                   "BAN KIỂM PHIẾU",
                   "Quàng Văn Kiểm – Hội UH tỉnh – Trưởng ban",
                   "Lò Thị Phiếu – Hội UD tỉnh – Thành viên",
                   "Vì Văn Đếm", "bỏ phiếu kín", "Phiếu hợp lệ là", "phiếu không hợp lệ",
                   "Tổng số đơn vị thành viên: 5; số đơn vị có mặt: 4",
                   "Số phiếu phát ra: 4; số phiếu thu về: 4; số phiếu hợp lệ: 4; "
                   "số phiếu không hợp lệ: 0",
                   "Tỷ lệ trên tổng số đơn vị thành viên", "80,00", "Đạt ngưỡng", "Trong số lượng",
                   "niêm phong", "Biên bản được đọc và thông qua trước Hội nghị hồi",
                   "cùng ngày", "Việc kiểm phiếu kết thúc hồi", "02 bản", "TM. BAN KIỂM PHIẾU",
                   "TRƯỞNG BAN"],
    "minutes": ["BIÊN BẢN HỌP BÌNH XÉT, SUY TÔN", "Số: 02/BB-KHOI",
                "(chi tiết tại Biên bản kiểm phiếu số 01/BB-KHOI ngày", "Thời gian bắt đầu:",
                "Địa điểm:",
                "Thành phần tham dự:", "Vắng mặt: Hội U5 tỉnh", "Chủ trì (chủ tọa):",
                "Thư ký (người ghi biên bản):", "Nội dung (theo diễn biến cuộc họp):",
                "1. Chương trình", "2. Ý kiến thảo luận", "3. Kết quả bỏ phiếu", "4. Kết luận",
                "Đề nghị tặng", "thông qua tại cuộc họp", "Cuộc họp kết thúc vào", "THƯ KÝ",
                "CHỦ TỌA", NAMES["U4"], "- Lưu: VT, Hồ sơ."],
    "submission": ["TỜ TRÌNH", f"Kính gửi: {COUNCIL}.", LAW, DECREE, REGULATION,
                   "Căn cứ Quy chế hoạt động của Khối thi đua",
                   "Biên bản họp bình xét, suy tôn số 02/BB-KHOI ngày",
                   "Hội UM tỉnh", "4/5", "80,00%", "Xếp hạng", "Hồ sơ kèm theo",
                   "TM. KHỐI THI ĐUA", "Chủ tịch Hội UH tỉnh", NAMES["UH"], "- Như trên;",
                   "- Lưu: VT."],
    "achievement": ["BÁO CÁO THÀNH TÍCH", "Đề nghị tặng", "Điện Biên, ngày",
                    "Tên tập thể đề nghị khen thưởng: Hội UM tỉnh",
                    "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "II. THÀNH TÍCH ĐẠT ĐƯỢC",
                    "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN", "1. Danh hiệu thi đua",
                    "2. Hình thức khen thưởng", "125/QĐ-UBND", "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
                    "CHỦ TỊCH", NAMES["UM"]],
    "decision": ["QUYẾT ĐỊNH", "Số: 125/QĐ-UBND", "Lai Châu, ngày 28 tháng 12 năm",
                 "Về việc tặng", DECIDER, "Căn cứ Luật Tổ chức chính quyền địa phương", LAW,
                 DECREE, REGULATION, "Xét đề nghị của Ban Thi đua – Khen thưởng",
                 "tại Tờ trình số 03/TTr-KHOI ngày", "QUYẾT ĐỊNH:", "Điều 1.",
                 "dẫn đầu phong trào thi đua năm", "(có danh sách kèm theo)", "Điều 3.",
                 "các tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
                 "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Quyết", "- Như Điều 3;",
                 "- Lưu: VT, TĐKT.", "Phụ lục", "DANH SÁCH TẬP THỂ ĐƯỢC TẶNG",
                 "(Kèm theo Quyết định số 125/QĐ-UBND ngày 28 tháng 12 năm", "Hội UM tỉnh"],
    "year_summary": ["BÁO CÁO", "Kỳ báo cáo: năm", "Lai Châu, ngày",
                     f"TM. THƯỜNG TRỰC {COUNCIL.upper()}", "TRƯỞNG BAN", "Đèo Văn Ban",
                     "- Lưu: VT, TĐKT."],
}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("kind", list(CHECKLIST))
def test_every_document_holds_every_element_of_its_checklist(rendered, kind, fmt):
    text = rendered[kind][fmt]
    # Minutes close with their own line "Cuộc họp kết thúc vào … năm …/." (Mẫu 1.9).
    every = [e if kind != "minutes" or e != "./." else "/." for e in EVERY]
    missing = [element for element in every + CHECKLIST[kind] if element not in text]
    assert missing == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_provincial_body_prints_its_governing_body_once_and_no_default_place(rendered, fmt):
    text = rendered["decision"][fmt]
    # The decider's post under the excerpt ("CHỦ TỊCH ỦY BAN …") is not the header.
    header_mentions = re.findall(f"(?<!CHỦ TỊCH ){GOVERNING}", text)
    assert len(header_mentions) == 1 and "Hà Nội" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_vote_count_lists_only_questions_somebody_voted_on(rendered, fmt):
    text = rendered["vote_count"][fmt]
    assert "Cờ thi đua" in text and "Bằng khen" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_minutes_state_the_results_once_and_are_not_signed_by_the_head(rendered, fmt):
    text = rendered["minutes"][fmt]
    assert text.count("Kết quả bỏ phiếu") == 1 and "TM. KHỐI THI ĐUA" not in text


def test_the_decision_prints_no_academic_title_by_default(rendered):
    assert "PGS.TS." not in rendered["decision"]["pdf"]


def test_in_word_the_issuing_body_has_a_drawn_rule_not_an_underline(rendered):
    word = docx.Document(io.BytesIO(rendered["decision"]["docx_bytes"]))
    header = word.tables[0].rows[0].cells[0]
    underlined = [run.text for p in header.paragraphs for run in p.runs if run.underline]
    rules = [p for p in word.paragraphs + header.paragraphs
             if p._p.pPr is not None and p._p.pPr.find(docx.oxml.ns.qn("w:pBdr")) is not None]
    assert underlined == [] and len(rules) >= 2  # under the issuing body and the excerpt


def test_in_word_the_articles_open_in_bold(rendered):
    word = docx.Document(io.BytesIO(rendered["decision"]["docx_bytes"]))
    first = next(p for p in word.paragraphs if p.text.startswith("Điều 1."))
    assert first.runs[0].bold and first.runs[0].text.strip() == "Điều 1."


def test_the_decisions_annex_is_on_its_own_numbered_pages(rendered):
    pages = subprocess.run(["pdfinfo", "-"], input=rendered["decision"]["pdf_bytes"],
                           capture_output=True, check=True).stdout.decode()
    last = pdf_text(rendered["decision"]["pdf_bytes"]).split("\f")[-2]
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) >= 2 and "Phụ lục" in last \
        and "QUYẾT ĐỊNH:" not in last


def test_the_annexs_first_page_is_number_one_and_shows_no_number(rendered):
    """Decree 30: the annex is numbered from 1 again, its first page's number not printed, so
    nothing stands above its heading (before the fix this page printed "2")."""
    pages = pdf_text(rendered["decision"]["pdf_bytes"]).split("\f")
    first_annex_page = next(page for page in pages if "Phụ lục" in page)
    first_line = next(line for line in first_annex_page.splitlines() if line.strip())
    assert not first_line.strip().isdigit(), first_line
