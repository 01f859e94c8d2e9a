"""The scoring documents: the results table of a cluster's year."""

from django.utils import timezone

from campaigns.access import get_campaign_for
from campaigns.documents import campaign_frame, head_signature
from documents.model import Paragraph, Table
from documents.text import file_slug, vn_number
from members.permissions import Action
from scoring.selectors import results


def results_document(table, user):
    """BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA for `user` (who must see the campaign)."""
    get_campaign_for(user, table.campaign.pk, Action.VIEW_CAMPAIGN)
    return build_results_document(table)


def build_results_document(table):
    """BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA of a cluster's year; a draft until the results
    are locked (results_lock freezes it then)."""
    campaign = table.campaign
    document = campaign_frame(campaign, type_code="BB",
                              type_title="BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA",
                              subject=f"Năm {campaign.year} – {campaign.cluster.name}")
    document.number_label = ""
    document.file_stem = file_slug("ket qua cham diem", campaign.cluster.name, campaign.year)
    document.draft = table.results_locked_at is None
    rows = results(table)
    status = ("Kết quả đã khóa ngày "
              f"{timezone.localtime(table.results_locked_at):%d/%m/%Y}." if table.results_locked_at
              else "Kết quả tạm thời: chưa khóa điểm.")
    document.blocks += [
        Paragraph(f"Bảng tổng hợp kết quả chấm điểm thi đua năm {campaign.year} của "
                  f"{campaign.cluster.name} theo bảng tiêu chí đã được các đơn vị thống nhất.",
                  indent=True),
        Paragraph(f"Thang điểm {vn_number(table.max_total)} điểm chuẩn; điểm cộng tối đa "
                  f"{vn_number(table.bonus_cap)}, điểm trừ tối đa {vn_number(table.penalty_cap)}."),
        Table(["Xếp hạng", "Đơn vị", "Điểm chuẩn", "Điểm cộng", "Điểm trừ", "Tổng", "Xếp loại"],
              [[vn_number(r.rank) if r.rank else "—", r.unit.name, vn_number(r.standard, 2),
                vn_number(r.bonus, 2), vn_number(r.penalty, 2), vn_number(r.total, 2),
                r.rating] for r in rows],
              numeric={0, 2, 3, 4, 5}),
        Paragraph(status),
    ]
    document.signature = head_signature(campaign)
    organisation = campaign.cluster.organisation
    document.recipients = [f"Thường trực {organisation.council}",
                           f"Các đơn vị thành viên {campaign.cluster.name}", "Lưu: VT"]
    return document
