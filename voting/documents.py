"""The vote's documents: the vote-count record, the minutes of the conference (Mẫu 1.9 of
Decree 30/2020: no place-and-date line of their own, time and place in the body) and the
paper ballots."""

from decimal import Decimal

from campaigns.access import get_campaign_for
from campaigns.documents import campaign_frame
from campaigns.selectors import member_units
from documents.model import (
    Heading,
    Paragraph,
    Signature,
    SignatureGrid,
    Table,
    vietnamese_date,
    vietnamese_time,
)
from documents.pdf import render_template_pdf
from documents.text import file_slug, text_lines, vn_number
from members.permissions import Action
from voting.models import VotingSession
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
    # A question nobody voted on (no ballot came back) is not part of the record.
    return members, [(q, result) for q, result in counted
                     if result is not None and result.ballots + q.paper_invalid > 0]


def _pct(share):
    return vn_number((share * 100).quantize(Decimal("0.01")), places=2)


def _ballot_counts(session, question, result):
    """(issued, received, valid, invalid): one ballot issued per unit present; online ballots
    are valid by construction (the server refuses too many choices)."""
    issued = session.attendances.count()
    valid = result.ballots
    invalid = question.paper_invalid if session.mode == VotingSession.Mode.PAPER else 0
    return issued, valid + invalid, valid, invalid


def _validity_rules(session):
    if session.mode == VotingSession.Mode.ONLINE:
        return ("Phiếu hợp lệ là phiếu do người được chỉ định của đơn vị có mặt bỏ trên hệ "
                "thống, chọn không quá số lượng quy định cho từng nội dung; hệ thống không "
                "nhận phiếu chọn quá số lượng, nên không có phiếu không hợp lệ.")
    return ("Phiếu hợp lệ là phiếu do Ban Kiểm phiếu phát ra, có dấu hoặc chữ ký của Ban Kiểm "
            "phiếu, chọn không quá số lượng quy định. Phiếu không hợp lệ là phiếu không do Ban "
            "Kiểm phiếu phát ra, không có dấu hoặc chữ ký của Ban Kiểm phiếu, chọn quá số "
            "lượng quy định, hoặc ghi thêm nội dung, ký hiệu khác.")


def _board_lines(session):
    members = list(session.board_members.select_related("unit"))
    lines = [Paragraph(f"{n}. {m.name}{f' – {m.unit.name}' if m.unit else ''} – "
                       f"{'Trưởng ban' if m.is_chief else 'Thành viên'};", indent=False)
             for n, m in enumerate(members, 1)]
    return members, lines or [Paragraph("(Chưa ghi tên Ban Kiểm phiếu.)", italic=True)]


def _result_table(result):
    return Table(
        ["STT", "Đơn vị", "Số phiếu đồng ý", "Tỷ lệ trên tổng số đơn vị thành viên (%)",
         "Đạt ngưỡng", "Trong số lượng", "Kết quả"],
        [[vn_number(n), r.candidate.unit.name, vn_number(r.yes), _pct(r.share),
          "Đạt" if r.passed else "Không đạt",
          "Có" if r.elected else ("Bằng phiếu tại vị trí cuối" if r.tied else "Không"),
          "Trúng" if r.elected else ("Bầu lại" if r.tied else "Không trúng")]
         for n, r in enumerate(result.rows, 1)], numeric={0, 2, 3})


def _question_blocks(session, question, result):
    issued, received, valid, invalid = _ballot_counts(session, question, result)
    return [
        Heading(question.title),
        Paragraph(f"Số phiếu phát ra: {vn_number(issued)}; số phiếu thu về: "
                  f"{vn_number(received)}; số phiếu hợp lệ: {vn_number(valid)}; số phiếu "
                  f"không hợp lệ: {vn_number(invalid)}. Mỗi phiếu chọn tối đa "
                  f"{vn_number(question.quota)} đơn vị; ngưỡng: "
                  f"{'trên' if question.strictly_above else 'từ'} {_pct(question.threshold)}% "
                  "tổng số đơn vị thành viên.", indent=False),
        _result_table(result),
    ]


def _at(time):
    """'08 giờ 00'; blanks to fill by hand when the time is not known."""
    return vietnamese_time(time) if time else "…… giờ ……"


def _opening(facts, who, what):
    """'Hôm nay, vào lúc 08 giờ 00, ngày 05 tháng 12 năm 2023, tại …': minutes state their
    time and place in the body (Mẫu 1.9), from the conference as recorded."""
    return (f"Hôm nay, vào lúc {_at(facts.starts)}, {vietnamese_date(facts.day)}, tại "
            f"{facts.place}, {who} {what}")


def _closing(facts, what):
    return Paragraph(f"{what} kết thúc vào {_at(facts.ends)}, {vietnamese_date(facts.day)}./.",
                     indent=False)


def vote_count_document(session, user):
    """BIÊN BẢN KIỂM PHIẾU: the board, the rules, the ballots, each voted question's
    candidates against all member units, run-offs apart; signed by the board's chief."""
    campaign = session.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    members, rows = _vote_rows(session)
    facts = conference_facts(session)
    present = session.attendances.count()
    document = campaign_frame(campaign, type_code="BB", type_title="BIÊN BẢN KIỂM PHIẾU",
                      subject=f"Bình xét, suy tôn thi đua năm {campaign.year} của "
                              f"{campaign.cluster.name}",
                      date=facts.day)
    document.header_place_and_date = False  # Mẫu 1.9: time and place stated in the body
    document.file_stem = file_slug("bien ban kiem phieu", campaign.cluster.name, campaign.year)
    mode = "trực tuyến trên hệ thống" if session.mode == "online" else "bằng phiếu giấy"
    board, board_lines = _board_lines(session)
    document.blocks += [
        Paragraph(_opening(facts, f"Ban Kiểm phiếu do Hội nghị tổng kết phong trào thi đua "
                                  f"năm {campaign.year} của {campaign.cluster.name} bầu ra",
                           "đã tiến hành kiểm phiếu bình xét, suy tôn.")),
        Heading("I. BAN KIỂM PHIẾU"), *board_lines,
        Heading("II. HÌNH THỨC VÀ NGUYÊN TẮC BỎ PHIẾU"),
        Paragraph(f"Hình thức: bỏ phiếu kín, {mode}. Tỷ lệ phiếu đồng ý được tính trên tổng "
                  "số đơn vị thành viên của cụm, không tính trên số đơn vị có mặt."),
        Paragraph(_validity_rules(session)),
        Heading("III. KẾT QUẢ KIỂM PHIẾU"),
        Paragraph(f"Tổng số đơn vị thành viên: {vn_number(members)}; số đơn vị có mặt: "
                  f"{vn_number(present)}.", indent=False),
    ]
    for question, result in rows:
        if question.round == 1:
            document.blocks += _question_blocks(session, question, result)
    runoffs = [(q, r) for q, r in rows if q.round > 1]
    if runoffs:
        document.blocks.append(Heading("IV. KẾT QUẢ BẦU LẠI"))
        for question, result in runoffs:
            document.blocks += _question_blocks(session, question, result)
    document.blocks += [
        Paragraph("Toàn bộ phiếu bầu được Ban Kiểm phiếu niêm phong và lưu cùng hồ sơ hội nghị."),
        Paragraph(f"Biên bản được đọc và thông qua trước Hội nghị hồi {_at(facts.ends)} cùng "
                  "ngày."),
        Paragraph(f"Việc kiểm phiếu kết thúc hồi {_at(facts.ends)}, "
                  f"{vietnamese_date(facts.day)}. Biên bản được lập thành 02 bản có giá trị như "
                  "nhau, 01 bản lưu hồ sơ hội nghị, 01 bản gửi kèm hồ sơ đề nghị khen thưởng./."),
    ]
    chief = next((m for m in board if m.is_chief), None)
    document.signature = Signature(authority="TM. BAN KIỂM PHIẾU", title="TRƯỞNG BAN",
                                   name=chief.name if chief else "")
    others = [m.name for m in board if not m.is_chief]
    document.closing_left = ["CÁC THÀNH VIÊN", *others] if others else []
    return document


def minutes_document(session, user):
    """BIÊN BẢN HỌP BÌNH XÉT, SUY TÔN (Mẫu 1.9): time, place, who attended, chair and
    secretary, the proceedings, the results once, the conclusions; signed by the secretary
    (left) and the chair (right)."""
    campaign = session.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    members, rows = _vote_rows(session)
    present_ids = set(session.attendances.values_list("unit_id", flat=True))
    units = member_units(campaign)
    present = [u for u in units if u.pk in present_ids]
    absent = [u for u in units if u.pk not in present_ids]
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
        Paragraph(f"Thời gian bắt đầu: {_at(facts.starts)}, {vietnamese_date(facts.day)}.",
                  indent=False),
        Paragraph(f"Địa điểm: {facts.place}.", indent=False),
        Paragraph(f"Thành phần tham dự: {vn_number(len(present))}/{vn_number(members)} đơn vị "
                  "thành viên có mặt:", indent=False),
        Table(["STT", "Đơn vị có mặt"], [[vn_number(n), u.name] for n, u in
                                          enumerate(present, 1)], numeric={0}),
        Paragraph("Vắng mặt: " + (", ".join(u.name for u in absent) or "không") + ".",
                  indent=False),
        Paragraph(f"Chủ trì (chủ tọa): {session.chair or '……'}.", indent=False),
        Paragraph(f"Thư ký (người ghi biên bản): {session.secretary or '……'}.", indent=False),
        Heading("Nội dung (theo diễn biến cuộc họp):"),
        Paragraph(f"1. Chương trình: nghe báo cáo tổng kết phong trào thi đua và kết quả chấm "
                  "điểm của các đơn vị; thảo luận; bầu Ban Kiểm phiếu; bỏ phiếu kín bình xét, "
                  f"suy tôn và bầu đơn vị {campaign.cluster.head_title}, "
                  f"{campaign.cluster.deputy_title} năm sau.", indent=False),
        Paragraph("2. Ý kiến thảo luận:", indent=False),
    ] + (text_lines(session.notes) or [Paragraph(
        "Các đơn vị thống nhất với báo cáo tổng kết và kết quả chấm điểm; không có ý kiến "
        "khác.")])
    document.blocks.append(Paragraph("3. Kết quả bỏ phiếu (chi tiết tại Biên bản kiểm phiếu):",
                                     indent=False))
    for question, result in rows:
        winners = ", ".join(f"{r.candidate.unit.name} ({vn_number(r.yes)}/{vn_number(members)} "
                            f"phiếu, {_pct(r.share)}%)" for r in result.rows if r.elected)
        document.blocks.append(Paragraph(f"{question.title}: "
                                         f"{winners or 'không có đơn vị trúng'}."))
    document.blocks += _conclusions(session, campaign)
    document.blocks += [
        Paragraph("Biên bản đã được đọc và thông qua tại cuộc họp; các đại biểu dự họp nhất trí "
                  "với nội dung biên bản."),
        _closing(facts, "Cuộc họp"),
        SignatureGrid([Signature(title="THƯ KÝ", name=session.secretary),
                       Signature(title="CHỦ TỌA", name=session.chair)]),
    ]
    document.recipients = [f"Thường trực {campaign.cluster.organisation.council}",
                           f"Các đơn vị thành viên {campaign.cluster.name}", "Lưu: VT, Hồ sơ"]
    return document


def _conclusions(session, campaign):
    heads, deputies = elected(session, "head"), elected(session, "deputy")
    blocks = [Paragraph("4. Kết luận:", indent=False)]
    for award, units in nominations(session).items():
        if units:
            blocks.append(Paragraph(
                f"Đề nghị tặng {award.name}: {', '.join(u.name for u in units)}."))
    blocks.append(Paragraph(
        f"Năm {campaign.year + 1}: {campaign.cluster.head_title} là "
        f"{heads[0].name if heads else '(chưa bầu được)'}; {campaign.cluster.deputy_title} là "
        f"{deputies[0].name if deputies else '(chưa bầu được)'}."))
    return blocks


def ballot_questions(session):
    """The questions a paper ballot is printed for: still open to votes, with candidates."""
    return [q for q in session_questions(session)
            if q.closed_at is None and q.candidates.all()]


def paper_ballots_pdf(session, user):
    """PHIẾU BẦU: one page per question for each unit present, identical (nothing on a
    ballot identifies who casts it), with the rules and room for the board's stamp."""
    campaign = session.campaign
    get_campaign_for(user, campaign.pk, Action.RUN_CLUSTER)
    present = session.attendances.count()
    organisation = campaign.cluster.organisation
    ballots = [{"question": q, "quota": vn_number(q.quota),
                "candidates": [c.unit.name for c in q.candidates.all()]}
               for q in ballot_questions(session) for _copy in range(present)]
    return render_template_pdf("voting/paper_ballots.html", {
        "campaign": campaign, "ballots": ballots,
        "governing_body": organisation.governing_body or organisation.name})
