"""The campaign's documents: the pledge (BẢN GIAO ƯỚC), and the frame every cluster document
of a campaign shares (header, number, place, head's signature). Each re-checks permissions."""

from django.utils import timezone

from campaigns.access import get_campaign_for
from campaigns.selectors import campaign_pledges, head_unit
from documents.images import png_data_url
from documents.model import Document, Heading, Paragraph, Signature, SignatureGrid, Table
from documents.text import NUMBER_BLANK, file_slug, text_lines, vn_number
from members.permissions import Action


def campaign_frame(campaign, *, type_code, type_title, subject, number=None, date=None):
    cluster = campaign.cluster
    organisation = cluster.organisation
    label = f"{number:02d}/{type_code}-{cluster.issuer_code}" if number else \
        f"{NUMBER_BLANK}/{type_code}-{cluster.issuer_code}"
    return Document(governing_body=organisation.governing_body or organisation.name,
                    issuing_body=cluster.name, number_label=label, place=campaign.place,
                    date=date or timezone.localdate(), type_title=type_title, subject=subject)


def head_signature(campaign):
    """TM. CỤM … / CỤM TRƯỞNG, the head unit's leader by name, and under it the leader's post
    in the head unit (the seal is the head unit's)."""
    head = head_unit(campaign)
    return Signature(authority=f"TM. {campaign.cluster.name}",
                     title=str(campaign.cluster.head_title),
                     name=head.signing_name if head else "",
                     note=unit_post(head) if head else "",
                     image=png_data_url(head.leader_signature_image) if head else "")


def unit_post(unit):
    """'Chủ tịch Hội Luật gia tỉnh': the leader's post in the unit, or the unit alone."""
    return f"{unit.leader_post} {unit.name}" if unit.leader_post else unit.name


def pledge_date(campaign, pledges):
    """The pledge is dated by its signing conference: the day the head concluded it (the day
    recorded, in recording mode); before that, the last signature so far."""
    if campaign.pledge_finalised_at:
        return timezone.localdate(campaign.pledge_finalised_at)
    signed = [pledge.signed_at for pledge in pledges if pledge.signed_at]
    return timezone.localdate(max(signed)) if signed else None


def pledge_document(campaign, user):
    """BẢN GIAO ƯỚC THI ĐUA for `user` (who must see the campaign)."""
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    return build_pledge_document(campaign)


def build_pledge_document(campaign):
    """BẢN GIAO ƯỚC THI ĐUA: common contents, each unit's targets and titles, signatures; a
    draft until the head concludes it (pledge_finalise freezes it then)."""
    pledges = campaign_pledges(campaign)
    document = campaign_frame(campaign, type_code="GƯ", type_title="BẢN GIAO ƯỚC THI ĐUA",
                      subject=f"Năm {campaign.year}", date=pledge_date(campaign, pledges))
    document.file_stem = file_slug("giao uoc thi dua", campaign.cluster.name, campaign.year)
    document.draft = campaign.pledge_finalised_at is None
    document.blocks += [Paragraph(
        f"Thực hiện phong trào thi đua năm {campaign.year}, các đơn vị thành viên "
        f"{campaign.cluster.name} thống nhất ký kết giao ước thi đua với các nội dung sau:")]
    document.blocks += [Heading("I. NỘI DUNG GIAO ƯỚC CHUNG")] + text_lines(campaign.pledge_text)
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
        Signature(authority=pledge.unit.name, title=pledge.unit.leader_post or "Thủ trưởng đơn vị",
                  name=pledge.unit.signing_name,
                  note=(f"Đã ký điện tử {timezone.localtime(pledge.signed_at):%d/%m/%Y}"
                        if pledge.signed_at else "Chưa ký"))
        for pledge in pledges]))
    organisation = campaign.cluster.organisation
    document.recipients = [f"Thường trực {organisation.council}",
                           f"Các đơn vị thành viên {campaign.cluster.name}", "Lưu: VT"]
    return document
