"""The awards' documents: the submission to the council, achievement reports, decisions."""

from django.http import Http404
from django.utils import timezone

from awards.selectors import decision_grants
from campaigns.access import get_campaign_for
from campaigns.documents import campaign_frame, head_signature
from documents.model import Document, Heading, Paragraph, Signature, Table
from documents.text import file_slug, text_lines
from members import permissions
from members.permissions import Action
from reports.models import IssuedDocument


def submission_document(campaign, nominations, user, issued=None):
    """TỜ TRÌNH đề nghị khen thưởng: the cluster's nominations to the council; `issued`
    (default: the cluster's latest TTr of the year) numbers it, else it is a draft."""
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    issued = issued or latest_submission(campaign)
    document = campaign_frame(campaign, type_code="TTr", type_title="TỜ TRÌNH",
                      subject=f"Đề nghị khen thưởng thành tích phong trào thi đua năm "
                              f"{campaign.year}", number=issued.number if issued else None,
                      date=issued.issued_on if issued else None)
    document.file_stem = file_slug("to trinh de nghi khen thuong", campaign.cluster.name,
                                   campaign.year)
    document.draft = issued is None
    organisation = campaign.cluster.organisation
    document.blocks += [
        Paragraph(f"Kính gửi: Hội đồng Thi đua – Khen thưởng {organisation.name}.",
                  indent=False, bold=True),
        Paragraph(f"Căn cứ kết quả chấm điểm và kết quả bỏ phiếu kín tại hội nghị tổng kết "
                  f"phong trào thi đua năm {campaign.year}, {campaign.cluster.name} kính đề "
                  "nghị Hội đồng xem xét, khen thưởng các đơn vị sau:"),
        Table(["STT", "Hình thức khen thưởng", "Đơn vị"],
              [[str(n), nomination.award_title, nomination.unit.name]
               for n, nomination in enumerate(nominations, 1)], numeric={0}),
        Paragraph("Hồ sơ kèm theo: báo cáo thành tích của từng đơn vị, biên bản họp bình xét, "
                  "biên bản kiểm phiếu và bảng tổng hợp kết quả chấm điểm."),
    ]
    document.signature = head_signature(campaign)
    document.recipients = ["Như trên", "Lưu: VT"]
    return document


def latest_submission(campaign):
    return IssuedDocument.objects.filter(cluster=campaign.cluster, year=campaign.year,
                                         type_code="TTr").order_by("-number").first()


def achievement_document(nomination, user):
    """BÁO CÁO THÀNH TÍCH of one nominated unit."""
    campaign = nomination.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    unit = nomination.unit
    document = Document(governing_body=campaign.cluster.organisation.governing_body
                        or campaign.cluster.organisation.name, issuing_body=unit.name,
                        number_label="", place=campaign.place,
                        # dated the day the cluster sends it; a draft until then
                        date=timezone.localdate(nomination.submitted_at or timezone.now()),
                        type_title="BÁO CÁO THÀNH TÍCH",
                        subject=f"Đề nghị tặng {nomination.award_title}")
    # The award and the unit, so that a dossier's reports differ by more than a number.
    document.file_stem = file_slug("bao cao thanh tich", nomination.award_title, unit.name,
                                   campaign.year)
    document.blocks += text_lines(nomination.achievements)
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
                        subject=f"Về việc tặng {decision.award_title}")
    document.file_stem = file_slug("quyet dinh", decision.number, decision.award_title)
    units = [grant.unit for grant in grants]
    # An excerpt must not state the decision's total: that would count the other clusters.
    whom = "các tập thể" if excerpt else f"{len(units)} tập thể"
    listed = "trích danh sách kèm theo" if excerpt else "có danh sách kèm theo"
    document.blocks += [
        Paragraph(f"Điều 1. Tặng {decision.award_title} cho {whom} đã có thành tích "
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
