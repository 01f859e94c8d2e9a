"""The vote's documents: the vote-count record and the minutes of the conference."""

from decimal import Decimal

from campaigns.access import get_campaign_for
from campaigns.documents import campaign_frame, head_signature
from core.collation import vietnamese
from documents.model import Heading, Paragraph, Signature, Table, vietnamese_date, vietnamese_time
from documents.text import file_slug, text_lines, vn_number
from members.permissions import Action
from voting.selectors import (
    conference_facts,
    elected,
    nominations,
    question_result,
    session_questions,
)


def _vote_rows(session):
    members = len(session.campaign.cluster.memberships.filter(year=session.campaign.year))
    counted = [(q, question_result(q, members)) for q in session_questions(session)]
    return members, [(q, result) for q, result in counted if result is not None]


def _pct(share):
    return vn_number((share * 100).quantize(Decimal("0.1")))


def _opening(facts, cluster_name, what):
    """'Hôm nay, vào lúc 08 giờ 00, ngày 05 tháng 12 năm 2023, tại …': minutes state their
    time and place in the body (Mẫu 1.9), from the conference as recorded."""
    at = f"vào lúc {vietnamese_time(facts.starts)}, " if facts.starts else ""
    return f"Hôm nay, {at}{vietnamese_date(facts.day)}, tại {facts.place}, {cluster_name} {what}"


def _closing(facts, what):
    if facts.ends is None:
        return None
    return Paragraph(f"{what} kết thúc vào {vietnamese_time(facts.ends)}, "
                     f"{vietnamese_date(facts.day)}./.")


def vote_count_document(session, user):
    """BIÊN BẢN KIỂM PHIẾU: for each question, every candidate's votes against all members."""
    campaign = session.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    members, rows = _vote_rows(session)
    facts = conference_facts(session)
    present = session.attendances.count()
    document = campaign_frame(campaign, type_code="BB", type_title="BIÊN BẢN KIỂM PHIẾU",
                      subject=f"Bình xét, suy tôn thi đua năm {campaign.year} của "
                              f"{campaign.cluster.name}",
                      date=facts.day)
    document.header_place_and_date = False
    document.file_stem = file_slug("bien ban kiem phieu", campaign.cluster.name, campaign.year)
    mode = "bỏ phiếu kín trực tuyến" if session.mode == "online" else "bỏ phiếu kín bằng phiếu giấy"
    document.blocks.append(Paragraph(_opening(
        facts, campaign.cluster.name, f"tiến hành kiểm phiếu bình xét, suy tôn thi đua năm "
                                      f"{campaign.year}.")))
    document.blocks.append(Paragraph(
        f"Tổng số đơn vị thành viên: {members}; số đơn vị có mặt: {present}. Hình thức: {mode}. "
        "Tỷ lệ phiếu được tính trên tổng số đơn vị thành viên của cụm."))
    for question, result in rows:
        document.blocks.append(Heading(f"{question.title}"))
        document.blocks.append(Paragraph(
            f"Số phiếu thu về: {result.ballots}; mỗi phiếu chọn tối đa {question.quota}; "
            f"ngưỡng: {'trên' if question.strictly_above else 'từ'} "
            f"{_pct(question.threshold)}% tổng số đơn vị.", indent=False))
        document.blocks.append(Table(
            ["STT", "Đơn vị", "Số phiếu đồng ý", "Tỷ lệ (%)", "Kết quả"],
            [[str(n), r.candidate.unit.name, str(r.yes), _pct(r.share),
              "Trúng" if r.elected else ("Bằng phiếu – bỏ phiếu lại" if r.tied else
                                         ("Đạt ngưỡng" if r.passed else "Không đạt"))]
             for n, r in enumerate(result.rows, 1)], numeric={0, 2, 3}))
    if (closing := _closing(facts, "Việc kiểm phiếu")) is not None:
        document.blocks.append(closing)
    document.signature = Signature(authority="TM. BAN KIỂM PHIẾU", title="TRƯỞNG BAN",
                                   name=session.secretary or "")
    return document


def minutes_document(session, user):
    """BIÊN BẢN HỌP BÌNH XÉT, SUY TÔN: attendance, proceedings, results and decisions."""
    campaign = session.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    members, rows = _vote_rows(session)
    present = [a.unit for a in session.attendances.select_related("unit")
               .order_by(vietnamese("unit__name"))]
    facts = conference_facts(session)
    document = campaign_frame(campaign, type_code="BB", type_title="BIÊN BẢN HỌP BÌNH XÉT, SUY TÔN",
                      subject=f"Năm {campaign.year} – {campaign.cluster.name}",
                      date=facts.day)
    document.header_place_and_date = False
    document.file_stem = file_slug("bien ban hop binh xet", campaign.cluster.name,
                                   campaign.year)
    document.blocks += [
        Paragraph(_opening(facts, campaign.cluster.name,
                           f"họp Hội nghị tổng kết, bình xét thi đua năm {campaign.year}.")
                  + (f" Chủ trì: {session.chair}." if session.chair else "")
                  + (f" Thư ký: {session.secretary}." if session.secretary else "")),
        Heading("I. THÀNH PHẦN"),
        Paragraph(f"Có mặt {len(present)}/{members} đơn vị thành viên:", indent=False),
        Table(["STT", "Đơn vị có mặt"], [[str(n), u.name] for n, u in enumerate(present, 1)],
              numeric={0}),
        Heading("II. DIỄN BIẾN"),
    ] + (text_lines(session.notes) or [Paragraph("Hội nghị nghe báo cáo tổng kết, kết quả chấm "
                                             "điểm và tiến hành bỏ phiếu kín.")])
    document.blocks.append(Heading("III. KẾT QUẢ BỎ PHIẾU"))
    for question, result in rows:
        winners = ", ".join(c.unit.name for c in result.elected) or "không có đơn vị đạt"
        document.blocks.append(Paragraph(f"{question.title}: {winners}."))
    heads, deputies = elected(session, "head"), elected(session, "deputy")
    document.blocks.append(Heading("IV. KẾT LUẬN"))
    for award, units in nominations(session).items():
        if units:
            document.blocks.append(Paragraph(
                f"Đề nghị tặng {award.name}: {', '.join(u.name for u in units)}."))
    document.blocks.append(Paragraph(
        f"Năm {campaign.year + 1}: {campaign.cluster.head_title} là "
        f"{heads[0].name if heads else '(chưa bầu được)'}; {campaign.cluster.deputy_title} là "
        f"{deputies[0].name if deputies else '(chưa bầu được)'}."))
    if (closing := _closing(facts, "Cuộc họp")) is not None:
        document.blocks.append(closing)
    document.signature = head_signature(campaign)
    document.recipients = ["Thường trực Hội đồng Thi đua – Khen thưởng", "Các đơn vị thành viên",
                           "Lưu: VT"]
    return document
