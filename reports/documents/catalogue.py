"""Data functions: turn a campaign's records into Documents. Each re-checks permissions."""

from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from awards.selectors import decision_grants
from campaigns.selectors import campaign_pledges, head_unit
from members import permissions
from members.permissions import Action
from reports.documents.model import Document, Heading, Paragraph, Signature, SignatureGrid, Table
from reports.models import Period
from reports.selectors import compile_summary

# An unnumbered document leaves room for the number to be written in by hand; no-break spaces
# survive HTML's whitespace folding.
NUMBER_BLANK = "\u00a0" * 8

STATUS_TEXT = {"on_time": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa gửi",
               "overdue": "Chưa gửi (quá hạn)"}


def vn_number(value):
    """1234567.5 → '1.234.567,5' (Vietnamese separators), no trailing zeros."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    whole, _dot, fraction = f"{value:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = ".".join(filter(None, [digits[max(i - 3, 0):i] for i in
                                     range(len(digits), 0, -3)][::-1]))
    return f"{sign}{grouped}" + (f",{fraction}" if fraction else "")


def _frame(campaign, *, type_code, type_title, subject, number=None, date=None):
    cluster = campaign.cluster
    organisation = cluster.organisation
    label = f"{number:02d}/{type_code}-{cluster.issuer_code}" if number else \
        f"{NUMBER_BLANK}/{type_code}-{cluster.issuer_code}"
    return Document(governing_body=organisation.governing_body or organisation.name,
                    issuing_body=cluster.name, number_label=label, place=campaign.place,
                    date=date or timezone.localdate(), type_title=type_title, subject=subject)


def _head_signature(campaign):
    head = head_unit(campaign)
    return Signature(authority=f"TM. {campaign.cluster.name}",
                     title=str(campaign.cluster.head_title),
                     name=head.leader_name if head else "", note=head.name if head else "")


def _lines(text):
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def pledge_document(campaign, user):
    """BẢN GIAO ƯỚC THI ĐUA: common contents, each unit's targets and titles, signatures."""
    permissions.get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    pledges = campaign_pledges(campaign)
    document = _frame(campaign, type_code="GƯ", type_title="BẢN GIAO ƯỚC THI ĐUA",
                      subject=f"Năm {campaign.year}")
    document.file_stem = f"giao-uoc-{campaign.cluster.code}-{campaign.year}".lower()
    document.blocks += [Paragraph(
        f"Thực hiện phong trào thi đua năm {campaign.year}, các đơn vị thành viên "
        f"{campaign.cluster.name} thống nhất ký kết giao ước thi đua với các nội dung sau:")]
    document.blocks += [Heading("I. NỘI DUNG GIAO ƯỚC CHUNG")] + _lines(campaign.pledge_text)
    document.blocks.append(Heading("II. CHỈ TIÊU VÀ DANH HIỆU ĐĂNG KÝ CỦA CÁC ĐƠN VỊ"))
    for index, pledge in enumerate(pledges, 1):
        document.blocks.append(Paragraph(f"{index}. {pledge.unit.name}", indent=False, bold=True))
        rows = [[str(n), t.name, t.measure, vn_number(t.target_value), t.note]
                for n, t in enumerate(pledge.targets.all(), 1)]
        if rows:
            document.blocks.append(Table(["STT", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu đăng ký",
                                          "Ghi chú"], rows, numeric={0, 3}))
        else:
            document.blocks.append(Paragraph("Chưa đăng ký chỉ tiêu.", italic=True))
        titles = ", ".join(title.name for title in pledge.titles.all()) or "Chưa đăng ký"
        document.blocks.append(Paragraph(f"Danh hiệu đăng ký: {titles}.", indent=False))
    document.blocks.append(Heading("III. CHỮ KÝ CỦA CÁC ĐƠN VỊ"))
    document.blocks.append(SignatureGrid([
        Signature(authority=pledge.unit.name, title="Thủ trưởng đơn vị",
                  name=pledge.unit.leader_name,
                  note=(f"Đã ký điện tử {timezone.localtime(pledge.signed_at):%d/%m/%Y}"
                        if pledge.signed_at else "Chưa ký"))
        for pledge in pledges]))
    return document


def summary_document(summary, user):
    """BÁO CÁO sơ kết / tổng kết of a cluster for a period."""
    campaign = summary.campaign
    permissions.get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    compiled = compile_summary(campaign, summary.period)
    semiannual = summary.period == Period.SEMIANNUAL
    subject = (f"Sơ kết công tác thi đua 6 tháng đầu năm {campaign.year}" if semiannual else
               f"Tổng kết công tác thi đua năm {campaign.year}") + f" của {campaign.cluster.name}"
    issued = summary.document
    document = _frame(campaign, type_code="BC", type_title="BÁO CÁO", subject=subject,
                      number=issued.number if issued else None,
                      date=issued.issued_on if issued else None)
    document.file_stem = f"bao-cao-{summary.period}-{campaign.cluster.code}-{campaign.year}"
    total = len(compiled.rows)
    document.blocks += [
        Heading("I. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ"),
        Paragraph(f"Tổng số {total} đơn vị thành viên: {compiled.count('on_time')} đơn vị gửi "
                  f"đúng hạn, {compiled.count('late')} đơn vị gửi trễ hạn, "
                  f"{compiled.count('missing') + compiled.count('overdue')} đơn vị chưa gửi."),
        Table(["STT", "Đơn vị", "Tình trạng", "Ngày gửi", "Số ngày trễ"], [
            [str(n), row.unit.name, STATUS_TEXT[row.status],
             timezone.localtime(row.report.first_submitted_at).strftime("%d/%m/%Y")
             if row.report and row.report.is_in else "",
             str(row.report.days_late) if row.report and row.report.days_late else ""]
            for n, row in enumerate(compiled.rows, 1)], numeric={0, 4}),
        Heading("II. KẾT QUẢ THỰC HIỆN CHỈ TIÊU"),
        Table(["Chỉ tiêu", "Đơn vị tính", "Số đơn vị", "Đăng ký", "Thực hiện", "Tỷ lệ (%)"], [
            [t.name, t.measure, str(t.units), vn_number(t.target), vn_number(t.actual),
             vn_number(t.completion)] for t in compiled.totals], numeric={2, 3, 4, 5}),
        Paragraph("Kết quả của từng đơn vị:", indent=False, italic=True),
        Table(["Đơn vị", "Chỉ tiêu", "Đơn vị tính", "Đăng ký", "Thực hiện", "Tỷ lệ (%)"],
              _unit_figure_rows(compiled), numeric={3, 4, 5}),
        Heading("III. ĐÁNH GIÁ CHUNG"),
    ] + (_lines(summary.narrative) or [Paragraph("(Chưa có nội dung đánh giá.)", italic=True)])
    document.signature = _head_signature(campaign)
    organisation = campaign.cluster.organisation
    document.recipients = [f"Thường trực Hội đồng Thi đua – Khen thưởng "
                           f"{organisation.short_name or organisation.name}",
                           f"Các đơn vị thành viên {campaign.cluster.name}", "Lưu: VT"]
    return document


def _unit_figure_rows(compiled):
    rows = []
    for row in compiled.rows:
        if row.report is None or not row.report.is_in:
            continue
        for figure in row.report.figures.all():
            rows.append([row.unit.name, figure.label,
                         figure.target.measure if figure.target_id else figure.measure,
                         vn_number(figure.target.target_value) if figure.target_id else "",
                         vn_number(figure.actual), vn_number(figure.completion)])
    return rows


def results_document(table, user):
    """BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA of a cluster's year."""
    from scoring.selectors import results

    campaign = table.campaign
    permissions.get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    document = _frame(campaign, type_code="BB", type_title="BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM "
                      "THI ĐUA", subject=f"Năm {campaign.year} – {campaign.cluster.name}")
    document.number_label = ""
    document.file_stem = f"ket-qua-cham-diem-{campaign.cluster.code}-{campaign.year}".lower()
    rows = results(table)
    status = ("Kết quả đã khóa ngày "
              f"{timezone.localtime(table.results_locked_at):%d/%m/%Y}." if table.results_locked_at
              else "Kết quả tạm thời: chưa khóa điểm.")
    document.blocks += [
        Paragraph(f"Thang điểm {vn_number(table.max_total)} điểm chuẩn; điểm cộng tối đa "
                  f"{vn_number(table.bonus_cap)}, điểm trừ tối đa {vn_number(table.penalty_cap)}. "
                  f"{status}"),
        Table(["Xếp hạng", "Đơn vị", "Điểm chuẩn", "Điểm cộng", "Điểm trừ", "Tổng", "Xếp loại"],
              [[str(r.rank or "—"), r.unit.name, vn_number(r.standard), vn_number(r.bonus),
                vn_number(r.penalty), vn_number(r.total), r.rating] for r in rows],
              numeric={0, 2, 3, 4, 5}),
    ]
    document.signature = _head_signature(campaign)
    return document


def _vote_rows(session):
    from voting.selectors import question_result, session_questions

    members = len(session.campaign.cluster.memberships.filter(year=session.campaign.year))
    counted = [(q, question_result(q, members)) for q in session_questions(session)]
    return members, [(q, result) for q, result in counted if result is not None]


def _pct(share):
    return vn_number((share * 100).quantize(Decimal("0.1")))


def vote_count_document(session, user):
    """BIÊN BẢN KIỂM PHIẾU: for each question, every candidate's votes against all members."""
    campaign = session.campaign
    permissions.get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    members, rows = _vote_rows(session)
    present = session.attendances.count()
    document = _frame(campaign, type_code="BB", type_title="BIÊN BẢN KIỂM PHIẾU",
                      subject=f"Bình xét, suy tôn thi đua năm {campaign.year} của "
                              f"{campaign.cluster.name}",
                      date=timezone.localdate(session.closed_at))
    document.file_stem = f"bien-ban-kiem-phieu-{campaign.cluster.code}-{campaign.year}".lower()
    mode = "bỏ phiếu kín trực tuyến" if session.mode == "online" else "bỏ phiếu kín bằng phiếu giấy"
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
    document.signature = Signature(authority="TM. BAN KIỂM PHIẾU", title="TRƯỞNG BAN",
                                   name=session.secretary or "")
    return document


def minutes_document(session, user):
    """BIÊN BẢN HỌP BÌNH XÉT, SUY TÔN: attendance, proceedings, results and decisions."""
    from voting.selectors import elected, nominations

    campaign = session.campaign
    permissions.get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    members, rows = _vote_rows(session)
    present = [a.unit for a in session.attendances.select_related("unit").order_by("unit__name")]
    document = _frame(campaign, type_code="BB", type_title="BIÊN BẢN HỌP BÌNH XÉT, SUY TÔN",
                      subject=f"Năm {campaign.year} – {campaign.cluster.name}",
                      date=timezone.localdate(session.closed_at))
    document.file_stem = f"bien-ban-hop-binh-xet-{campaign.cluster.code}-{campaign.year}".lower()
    document.blocks += [
        Paragraph(f"Hội nghị tổng kết, bình xét thi đua năm {campaign.year} của "
                  f"{campaign.cluster.name} họp tại {session.place or campaign.place}."
                  + (f" Chủ trì: {session.chair}." if session.chair else "")
                  + (f" Thư ký: {session.secretary}." if session.secretary else "")),
        Heading("I. THÀNH PHẦN"),
        Paragraph(f"Có mặt {len(present)}/{members} đơn vị thành viên:", indent=False),
        Table(["STT", "Đơn vị có mặt"], [[str(n), u.name] for n, u in enumerate(present, 1)],
              numeric={0}),
        Heading("II. DIỄN BIẾN"),
    ] + (_lines(session.notes) or [Paragraph("Hội nghị nghe báo cáo tổng kết, kết quả chấm "
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
    document.signature = _head_signature(campaign)
    document.recipients = ["Thường trực Hội đồng Thi đua – Khen thưởng", "Các đơn vị thành viên",
                           "Lưu: VT"]
    return document


def submission_document(campaign, nominations, user):
    """TỜ TRÌNH đề nghị khen thưởng: the cluster's nominations to the council."""
    from reports.models import IssuedDocument

    permissions.get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    issued = IssuedDocument.objects.filter(cluster=campaign.cluster, year=campaign.year,
                                           type_code="TTr").order_by("-number").first()
    document = _frame(campaign, type_code="TTr", type_title="TỜ TRÌNH",
                      subject=f"Đề nghị khen thưởng thành tích phong trào thi đua năm "
                              f"{campaign.year}", number=issued.number if issued else None,
                      date=issued.issued_on if issued else None)
    document.file_stem = f"to-trinh-{campaign.cluster.code}-{campaign.year}".lower()
    organisation = campaign.cluster.organisation
    document.blocks += [
        Paragraph(f"Kính gửi: Hội đồng Thi đua – Khen thưởng {organisation.name}.",
                  indent=False, bold=True),
        Paragraph(f"Căn cứ kết quả chấm điểm và kết quả bỏ phiếu kín tại hội nghị tổng kết "
                  f"phong trào thi đua năm {campaign.year}, {campaign.cluster.name} kính đề "
                  "nghị Hội đồng xem xét, khen thưởng các đơn vị sau:"),
        Table(["STT", "Hình thức khen thưởng", "Đơn vị"],
              [[str(n), nomination.award.name, nomination.unit.name]
               for n, nomination in enumerate(nominations, 1)], numeric={0}),
        Paragraph("Hồ sơ kèm theo: báo cáo thành tích của từng đơn vị, biên bản họp bình xét, "
                  "biên bản kiểm phiếu và bảng tổng hợp kết quả chấm điểm."),
    ]
    document.signature = _head_signature(campaign)
    document.recipients = ["Như trên", "Lưu: VT"]
    return document


def achievement_document(nomination, user):
    """BÁO CÁO THÀNH TÍCH of one nominated unit."""
    campaign = nomination.campaign
    permissions.get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    unit = nomination.unit
    document = Document(governing_body=campaign.cluster.organisation.governing_body
                        or campaign.cluster.organisation.name, issuing_body=unit.name,
                        number_label="", place=campaign.place, date=timezone.localdate(),
                        type_title="BÁO CÁO THÀNH TÍCH",
                        subject=f"Đề nghị tặng {nomination.award.name}")
    document.file_stem = f"bao-cao-thanh-tich-{unit.code}-{campaign.year}".lower()
    document.blocks += _lines(nomination.achievements)
    document.signature = Signature(authority=f"TM. {unit.name}", title="THỦ TRƯỞNG ĐƠN VỊ",
                                   name=unit.leader_name)
    return document


def decision_document(decision, user):
    """QUYẾT ĐỊNH khen thưởng with its list of awarded units; for a cluster-limited leader an
    excerpt (trích) listing only their cluster's units, 404 when none is theirs."""
    permissions.check_organisation(user, decision.organisation_id, Action.VIEW_REGISTRY)
    grants, excerpt = decision_grants(decision, user)
    if not grants:
        raise Http404
    organisation = decision.organisation
    document = Document(governing_body=organisation.governing_body or organisation.name,
                        issuing_body=decision.issuer, number_label=decision.number,
                        place="Hà Nội", date=decision.signed_on, type_title="QUYẾT ĐỊNH",
                        subject=f"Về việc tặng {decision.award.name}")
    document.file_stem = f"quyet-dinh-{decision.pk}"
    units = [grant.unit for grant in grants]
    # An excerpt must not state the decision's total: that would count the other clusters.
    whom = "các tập thể" if excerpt else f"{len(units)} tập thể"
    listed = "trích danh sách kèm theo" if excerpt else "có danh sách kèm theo"
    document.blocks += [
        Paragraph(f"Điều 1. Tặng {decision.award.name} cho {whom} đã có thành tích "
                  f"xuất sắc trong phong trào thi đua năm {decision.year} ({listed})."),
        Paragraph("Điều 2. Quyết định có hiệu lực kể từ ngày ký."),
        Heading(("TRÍCH " if excerpt else "") + "DANH SÁCH TẬP THỂ ĐƯỢC KHEN THƯỞNG"),
        Table(["STT", "Tập thể"], [[str(n), unit.name] for n, unit in enumerate(units, 1)],
              numeric={0}),
    ]
    document.signature = Signature(title="CHỦ TỊCH" if not decision.signer else "",
                                   name=decision.signer)
    document.recipients = ["Như Điều 1", "Lưu: VT, TĐKT"]
    return document
