"""The vote's documents: the vote-count record, the minutes of the conference (Mẫu 1.9 of
Decree 30/2020: no place-and-date line of their own, time and place in the body) and the
paper ballots."""

from decimal import Decimal

from django.utils import timezone

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
from voting import ballot_crypto as bc
from voting import bulletin as bulletin_board
from voting.models import TrackerCheck, VotingSession
from voting.selectors import (
    SessionBoard,
    SessionResults,
    conference_facts,
    election_key,
    on_paper,
    question_bulletin,
    session_questions,
    voided_questions,
)


def _vote_rows(session, counted):
    """(members, [(question, result)]) from `counted` (SessionResults)."""
    rows = [(q, counted.result(q)) for q in session_questions(session)]
    # A question nobody voted on (no ballot came back) is not part of the record.
    return counted.members, [(q, result) for q, result in rows
                             if result is not None and result.ballots + q.paper_invalid > 0]


def _pct(share):
    return vn_number((share * 100).quantize(Decimal("0.01")), places=2)


def _ballot_counts(session, question, result):
    """(issued, received, valid, invalid): one ballot issued per unit present; online ballots
    are valid by construction (the server refuses too many choices)."""
    issued = session.attendances.count()
    valid = result.ballots
    invalid = question.paper_invalid if on_paper(question) else 0
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


def _scheme_line(question, session_board):
    """How the question was counted: the earlier plaintext scheme, or the bulletin's SHA-256
    (the file the vote's page links; `python -m voting.verifier` checks it)."""
    if question.voided_at:
        return [Paragraph("Do mất phần khóa của thành viên Ban Kiểm phiếu, phiếu bầu trực tuyến "
                          "của nội dung này bị hủy, không kiểm; nội dung được bỏ phiếu lại "
                          "bằng phiếu giấy.", italic=True)]
    if question.legacy:
        return [Paragraph("Nội dung này được kiểm theo cách cũ (trước khi áp dụng phiếu mã "
                          "hóa); số phiếu giữ nguyên, chỉ đọc.", italic=True)]
    bulletin = question_bulletin(question, session_board)
    if bulletin is None:
        return []
    return [Paragraph(f"Bảng tin phiếu bầu (SHA-256): {bulletin_board.bulletin_sha256(bulletin)}"
                      + ("; kết thúc bỏ phiếu sớm theo quyết định của chủ trì."
                         if question.closed_early else "."), indent=False)]


def _key_lines(session):
    """The board's key: Y's fingerprint, as every browser showed it."""
    if session.mode != VotingSession.Mode.ONLINE:
        return []
    key = election_key(session)
    if key is None:
        return []
    return [Paragraph(f"Khóa bầu cử do {session.board_members.count():02d} thành viên Ban Kiểm "
                      f"phiếu cùng tạo, dấu vân tay: {bc.key_fingerprint(key)}. Phiếu được mã "
                      "hóa trên máy của người bỏ phiếu; Ban Kiểm phiếu giải mã tổng số phiếu, "
                      "không mở từng phiếu.", indent=False)]


def _question_blocks(session, question, result, session_board):
    issued, received, valid, invalid = _ballot_counts(session, question, result)
    return [
        Heading(question.title), *_scheme_line(question, session_board),
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


def _record_frame(session, issued, *, type_title, subject):
    """The frame of both records: numbered by `issued` (else a draft, "DỰ THẢO" on every
    page), no place-and-date line (Mẫu 1.9: time and place are stated in the body)."""
    campaign = session.campaign
    document = campaign_frame(campaign, type_code="BB", type_title=type_title, subject=subject,
                              number=issued.number if issued else None,
                              date=conference_facts(session).day)
    document.header_place_and_date = False
    document.draft = issued is None
    return document


def vote_count_document(session, user, issued=None):
    """BIÊN BẢN KIỂM PHIẾU: the board, the rules, the ballots, each voted question's
    candidates against all member units, run-offs apart; signed by the board's chief.
    `issued` numbers it (vote_records_issue), else it is a draft."""
    campaign = session.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    counted = SessionResults(session)
    members, rows = _vote_rows(session, counted)
    facts = conference_facts(session)
    present = session.attendances.count()
    document = _record_frame(session, issued, type_title="BIÊN BẢN KIỂM PHIẾU",
                             subject=f"Bình xét, suy tôn thi đua năm {campaign.year} của "
                                     f"{campaign.cluster.name}")
    document.file_stem = file_slug("bien ban kiem phieu", campaign.cluster.name, campaign.year)
    mode = "trực tuyến trên hệ thống" if session.mode == "online" else "bằng phiếu giấy"
    board, board_lines = _board_lines(session)
    document.blocks += [
        Paragraph(_opening(facts, f"Ban Kiểm phiếu do Hội nghị tổng kết phong trào thi đua "
                                  f"năm {campaign.year} của {campaign.cluster.name} bầu ra",
                           "đã tiến hành kiểm phiếu bình xét, suy tôn.")),
        Heading("I. BAN KIỂM PHIẾU"), *board_lines, *_key_lines(session),
        Heading("II. HÌNH THỨC VÀ NGUYÊN TẮC BỎ PHIẾU"),
        Paragraph(f"Hình thức: bỏ phiếu kín, {mode}. Tỷ lệ phiếu đồng ý được tính trên tổng "
                  "số đơn vị thành viên của cụm, không tính trên số đơn vị có mặt."),
        Paragraph(_validity_rules(session)),
        Heading("III. KẾT QUẢ KIỂM PHIẾU"),
        Paragraph(f"Tổng số đơn vị thành viên: {vn_number(members)}; số đơn vị có mặt: "
                  f"{vn_number(present)}.", indent=False),
    ]
    session_board = SessionBoard(session)
    for question, result in rows:
        if question.round == 1:
            document.blocks += _question_blocks(session, question, result, session_board)
    runoffs = [(q, r) for q, r in rows if q.round > 1]
    if runoffs:
        document.blocks.append(Heading("IV. KẾT QUẢ BẦU LẠI"))
        for question, result in runoffs:
            document.blocks += _question_blocks(session, question, result, session_board)
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


def minutes_document(session, user, issued=None):
    """BIÊN BẢN HỌP BÌNH XÉT, SUY TÔN (Mẫu 1.9): time, place, who attended, chair and
    secretary, the proceedings, the results once, the conclusions; signed by the secretary
    (left) and the chair (right). `issued` numbers it, else it is a draft."""
    campaign = session.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    counted = SessionResults(session)
    members, rows = _vote_rows(session, counted)
    present_ids = set(session.attendances.values_list("unit_id", flat=True))
    units = member_units(campaign)
    present = [u for u in units if u.pk in present_ids]
    absent = [u for u in units if u.pk not in present_ids]
    facts = conference_facts(session)
    document = _record_frame(session, issued, type_title="BIÊN BẢN HỌP BÌNH XÉT, SUY TÔN",
                             subject=f"Năm {campaign.year} – {campaign.cluster.name}")
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
    count_record = session.count_record
    cited = (f" số {count_record.number_label} ngày {count_record.issued_on:%d/%m/%Y}"
             if count_record else "")
    document.blocks.append(Paragraph(f"3. Kết quả bỏ phiếu (chi tiết tại Biên bản kiểm phiếu"
                                     f"{cited}):", indent=False))
    # Y's fingerprint as the browsers showed it in the room (issue 13: printed in the minutes)
    document.blocks += _key_lines(session)
    document.blocks += _share_lost_lines(session)
    for question, result in rows:
        winners = ", ".join(f"{r.candidate.unit.name} ({vn_number(r.yes)}/{vn_number(members)} "
                            f"phiếu, {_pct(r.share)}%)" for r in result.rows if r.elected)
        document.blocks.append(Paragraph(f"{question.title}: "
                                         f"{winners or 'không có đơn vị trúng'}."))
    document.blocks += _tracker_check_lines(session)
    document.blocks += _conclusions(session, campaign, counted)
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


def _share_lost_lines(session):
    """The lost share (issue 13, item 3): whose, which questions were voided online and that
    they were voted again on paper."""
    if not session.share_lost_at:
        return []
    member = session.share_lost_member
    who = f"{member.name}{f' ({member.unit.name})' if member.unit else ''}" if member else "……"
    voided = [q.title for q in voided_questions(session)]
    return [Paragraph(
        f"Phần khóa của thành viên Ban Kiểm phiếu {who} bị mất (khai lúc "
        f"{vietnamese_time(timezone.localtime(session.share_lost_at).time())}). Vì cần phần "
        "khóa của tất cả thành viên mới kiểm được phiếu, kết quả bỏ phiếu trực tuyến của các "
        "nội dung chưa kiểm phiếu bị hủy (không công bố số phiếu): "
        f"{'; '.join(voided) or 'không có'}. Các nội dung này được bỏ phiếu lại bằng phiếu "
        "giấy; kết quả dưới đây theo phiếu giấy.")]


def _tracker_check_lines(session):
    """The tracker check in the room (issue 13, item 8), as the secretary recorded it."""
    if session.mode != VotingSession.Mode.ONLINE:
        return []
    check = TrackerCheck.objects.filter(session=session).first()
    if check is None:
        return [Paragraph("Việc đối chiếu mã theo dõi phiếu trên bảng tin tại hội nghị: chưa "
                          "ghi nhận.", indent=False)]
    missing = [u.name for u in check.missing_units.order_by("name")]
    checked = f"{vn_number(check.units_checked)}/{vn_number(session.attendances.count())}"
    text = (f"Đối chiếu mã theo dõi phiếu tại hội nghị: đại biểu của {checked} đơn vị có mặt "
            "đã đối chiếu mã theo dõi phiếu của đơn vị mình trên bảng tin; "
            + (f"đơn vị báo không thấy mã theo dõi: {', '.join(missing)}."
               if missing else "không đơn vị nào báo thiếu mã theo dõi."))
    if check.note:
        text += f" Ghi chú: {check.note}"
    return [Paragraph(text, indent=False)]


def _conclusions(session, campaign, counted):
    heads, deputies = counted.elected("head"), counted.elected("deputy")
    blocks = [Paragraph("4. Kết luận:", indent=False)]
    for award, units in counted.nominations().items():
        if units:
            blocks.append(Paragraph(
                f"Đề nghị tặng {award.name}: {', '.join(u.name for u in units)}."))
    for question in session.questions.filter(kind="award", runoff_of__isnull=True,
                                             candidates__isnull=True).select_related("award"):
        blocks.append(Paragraph(f"{question.award.name}: không có đơn vị đủ điều kiện."))
    blocks.append(Paragraph(
        f"Năm {campaign.year + 1}: {campaign.cluster.head_title} là "
        f"{heads[0].name if heads else '(chưa bầu được)'}; {campaign.cluster.deputy_title} là "
        f"{deputies[0].name if deputies else '(chưa bầu được)'}."))
    return blocks


def ballot_questions(session):
    """The questions a paper ballot is printed for: still open to votes, with candidates."""
    # An online vote prints ballots only for the questions voided by a lost share.
    return [q for q in session_questions(session)
            if q.closed_at is None and q.candidates.all()
            and (session.mode == VotingSession.Mode.PAPER or q.voided_at)]


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
