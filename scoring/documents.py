"""The scoring documents: the results table of a cluster's year."""

from django.utils import timezone

from campaigns.access import get_campaign_for
from campaigns.documents import campaign_frame, head_signature
from documents.model import Paragraph, Table
from documents.text import file_slug, vn_number
from members.permissions import Action
from scoring.selectors import results


def results_document(table, user):
    """BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA of a cluster's year."""
    campaign = table.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    document = campaign_frame(campaign, type_code="BB",
                              type_title="BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA",
                              subject=f"Năm {campaign.year} – {campaign.cluster.name}")
    document.number_label = ""
    document.file_stem = file_slug("ket qua cham diem", campaign.cluster.name, campaign.year)
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
    document.signature = head_signature(campaign)
    return document
