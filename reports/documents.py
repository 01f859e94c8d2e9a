"""The reports' documents: the cluster summary of a period (BÁO CÁO sơ kết / tổng kết)."""

from django.utils import timezone

from campaigns.access import get_campaign_for
from campaigns.documents import campaign_frame, head_signature
from documents.model import Heading, Paragraph, Table
from documents.text import file_slug, text_lines, vn_number
from members.permissions import Action
from reports.models import Period
from reports.selectors import compile_summary

STATUS_TEXT = {"on_time": "Đúng hạn", "late": "Trễ hạn", "missing": "Chưa gửi",
               "overdue": "Chưa gửi (quá hạn)"}


def summary_document(summary, user, issued=None):
    """BÁO CÁO sơ kết / tổng kết of a cluster for a period; `issued` (default: the summary's
    document) gives its number and date, else it is a draft."""
    campaign = summary.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    compiled = compile_summary(campaign, summary.period)
    semiannual = summary.period == Period.SEMIANNUAL
    subject = (f"Sơ kết công tác thi đua 6 tháng đầu năm {campaign.year}" if semiannual else
               f"Tổng kết công tác thi đua năm {campaign.year}") + f" của {campaign.cluster.name}"
    issued = issued or summary.document
    document = campaign_frame(campaign, type_code="BC", type_title="BÁO CÁO", subject=subject,
                      number=issued.number if issued else None,
                      date=issued.issued_on if issued else None)
    document.file_stem = file_slug("bao cao so ket" if semiannual else "bao cao tong ket",
                                   campaign.cluster.name, campaign.year)
    document.draft = issued is None
    total = len(compiled.rows)
    period = (f"từ ngày 01/01/{campaign.year} đến ngày 30/06/{campaign.year}" if semiannual else
              f"từ ngày 01/01/{campaign.year} đến ngày 31/12/{campaign.year}")
    document.blocks += [
        Paragraph(f"Thời gian báo cáo: {period}. Tình hình gửi báo cáo tính đến ngày "
                  f"{document.date:%d/%m/%Y}.", indent=False, italic=True),
        Heading("I. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ"),
        Paragraph(f"Tổng số {vn_number(total)} đơn vị thành viên: "
                  f"{vn_number(compiled.count('on_time'))} đơn vị gửi đúng hạn, "
                  f"{vn_number(compiled.count('late'))} đơn vị gửi trễ hạn, "
                  f"{vn_number(compiled.count('missing') + compiled.count('overdue'))} đơn vị "
                  "chưa gửi."),
        Table(["STT", "Đơn vị", "Tình trạng", "Ngày gửi", "Số ngày trễ"], [
            [vn_number(n), row.unit.name, STATUS_TEXT[row.status],
             timezone.localtime(row.report.first_submitted_at).strftime("%d/%m/%Y")
             if row.report and row.report.is_in else "",
             vn_number(row.report.days_late) if row.report and row.report.days_late else ""]
            for n, row in enumerate(compiled.rows, 1)], numeric={0, 4}),
        Heading("II. KẾT QUẢ THỰC HIỆN CHỈ TIÊU"),
        Table(["Chỉ tiêu", "Đơn vị tính", "Số đơn vị", "Đăng ký", "Thực hiện", "Tỷ lệ (%)"], [
            [t.name, t.measure, vn_number(t.units), vn_number(t.target), vn_number(t.actual),
             vn_number(t.completion)] for t in compiled.totals], numeric={2, 3, 4, 5}),
        Paragraph("Kết quả của từng đơn vị:", indent=False, italic=True),
        Table(["Đơn vị", "Chỉ tiêu", "Đơn vị tính", "Đăng ký", "Thực hiện", "Tỷ lệ (%)"],
              _unit_figure_rows(compiled), numeric={3, 4, 5}),
        Heading("III. ĐÁNH GIÁ CHUNG"),
    ] + (text_lines(summary.narrative) or [Paragraph("(Chưa có nội dung đánh giá.)", italic=True)])
    document.signature = head_signature(campaign)
    organisation = campaign.cluster.organisation
    document.recipients = [f"Thường trực {organisation.council}",
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
