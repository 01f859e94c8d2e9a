"""The awards' documents: the submission to the council (TỜ TRÌNH), achievement reports
(BÁO CÁO THÀNH TÍCH, the collective template of Decree 152/2025's annex) and decisions
(QUYẾT ĐỊNH, Mẫu 1.2 of Decree 30/2020)."""

from django.http import Http404
from django.utils import timezone

from awards.models import AwardGrant
from awards.selectors import decision_grants
from campaigns.access import get_campaign_for
from campaigns.documents import campaign_frame, head_signature
from campaigns.models import AwardType
from clusters.models import Membership
from documents.legal import basis_lines
from documents.model import Document, Heading, Paragraph, Signature, Table, vietnamese_date
from documents.text import file_slug, person_name, text_lines, vn_number
from members import permissions
from members.permissions import Action
from reports.models import IssuedDocument, Period, Report
from scoring.models import CriteriaTable
from scoring.selectors import results
from voting.models import VotingSession
from voting.selectors import conference_facts, question_result

TITLE_LEVELS = {AwardType.Level.GOVERNMENT_FLAG, AwardType.Level.ORGANISATION_FLAG}


def _basis(lines, last):
    """Italic 'Căn cứ' lines, one per line, then the last line of the basis ending with '.'."""
    return [Paragraph(line, italic=True) for line in lines] + [Paragraph(last, italic=True)]


def _minutes_reference(campaign):
    """'số 03/BB-CTĐ6 ngày 14/12/2025': the issued minutes' number and date; blanks to fill
    (with the conference's date when known) until the head issues them."""
    session = VotingSession.objects.filter(campaign=campaign, status="closed").select_related(
        "minutes_record__cluster").first()
    if session is not None and session.minutes_record is not None:
        minutes = session.minutes_record
        return f"số {minutes.number_label} ngày {minutes.issued_on:%d/%m/%Y}"
    day = conference_facts(session).day if session else None
    number = f"……/BB-{campaign.cluster.issuer_code}"
    return f"số {number} ngày {day:%d/%m/%Y}" if day else f"số {number} ngày …/…/…"


def _scores(campaign):
    """{unit id: results row} of the campaign's scoring, empty when there is no table."""
    table = CriteriaTable.objects.filter(campaign=campaign).first()
    return {row.unit.pk: row for row in results(table)} if table else {}


def _vote_shares(campaign):
    """{(award id, unit id): candidate result} of the closed vote's first-round questions."""
    session = VotingSession.objects.filter(campaign=campaign, status="closed").first()
    if session is None:
        return {}
    found = {}
    for question in session.questions.filter(kind="award").order_by("round"):
        result = question_result(question)
        for row in result.rows if result else []:
            found[(question.award_id, row.candidate.unit.pk)] = row
    return found


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
    cluster = campaign.cluster
    members = Membership.objects.filter(cluster=cluster, year=campaign.year).count()
    scores, shares = _scores(campaign), _vote_shares(campaign)
    document.blocks += [
        Paragraph(f"Kính gửi: {organisation.council}.", indent=False, align="center"),
        *_basis(basis_lines(document.date, regulation=organisation.regulation_basis,
                            decree=organisation.decree_basis,
                            extra=[f"Căn cứ Quy chế hoạt động của {cluster.name}"]),
                f"Căn cứ kết quả chấm điểm thi đua năm {campaign.year} và Biên bản họp bình "
                f"xét, suy tôn {_minutes_reference(campaign)} của {cluster.name}."),
        Paragraph(f"Tại Hội nghị tổng kết phong trào thi đua năm {campaign.year}, các đơn vị "
                  f"thành viên đã bỏ phiếu kín bình xét, suy tôn; tỷ lệ phiếu được tính trên "
                  f"tổng số {vn_number(members)} đơn vị thành viên. {cluster.name} kính đề "
                  f"nghị {organisation.council} xem xét, khen thưởng các đơn vị sau:"),
        Table(["STT", "Hình thức khen thưởng", "Đơn vị", "Tổng điểm", "Xếp hạng", "Xếp loại",
               "Số phiếu đồng ý / tổng số đơn vị (tỷ lệ %)"],
              [_proposal_row(n, nomination, scores, shares, members)
               for n, nomination in enumerate(nominations, 1)], numeric={0, 3, 4}),
        Paragraph("Hồ sơ kèm theo gồm: báo cáo thành tích của từng đơn vị được đề nghị; biên "
                  "bản họp bình xét, suy tôn; biên bản kiểm phiếu; bảng tổng hợp kết quả chấm "
                  "điểm thi đua."),
        Paragraph(f"{cluster.name} kính trình {organisation.council} xem xét, quyết định."),
    ]
    document.signature = head_signature(campaign)
    document.recipients = ["Như trên", f"Các đơn vị thành viên {cluster.name}", "Lưu: VT"]
    return document


def _proposal_row(number, nomination, scores, shares, members):
    score = scores.get(nomination.unit_id)
    share = shares.get((nomination.award_id, nomination.unit_id))
    return [vn_number(number), nomination.award_title, nomination.unit.name,
            vn_number(score.total, 2) if score else "", vn_number(score.rank) if score and
            score.rank else "", score.rating if score else "",
            f"{vn_number(share.yes)}/{vn_number(members)} "
            f"({vn_number(share.share * 100, 2)}%)" if share else ""]


def latest_submission(campaign):
    return IssuedDocument.objects.filter(cluster=campaign.cluster, year=campaign.year,
                                         type_code="TTr").order_by("-number").first()


def achievement_document(nomination, user):
    """BÁO CÁO THÀNH TÍCH of one nominated collective, in the structure of the collective
    template annexed to Decree 152/2025/NĐ-CP; the unit's own place, signed by its head."""
    campaign = nomination.campaign
    get_campaign_for(user, campaign.pk, Action.VIEW_CAMPAIGN)
    unit = nomination.unit
    organisation = campaign.cluster.organisation
    document = Document(governing_body=organisation.governing_body or organisation.name,
                        issuing_body=unit.name, number_label="", place=unit.place,
                        # dated the day the cluster sends it; a draft until then
                        date=timezone.localdate(nomination.submitted_at or timezone.now()),
                        type_title="BÁO CÁO THÀNH TÍCH",
                        subject=f"Đề nghị tặng {nomination.award_title}")
    # The award and the unit, so that a dossier's reports differ by more than a number.
    document.file_stem = file_slug("bao cao thanh tich", nomination.award_title, unit.name,
                                   campaign.year)
    document.blocks += [
        Paragraph(f"Tên tập thể đề nghị khen thưởng: {unit.name}.", indent=False, bold=True),
        Heading("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"),
        Paragraph("1. Đặc điểm, tình hình: " + "; ".join(filter(None, [
            f"trụ sở: {unit.address}" if unit.address else "",
            f"điện thoại: {unit.phone}" if unit.phone else "",
            f"e-mail: {unit.email}" if unit.email else "",
            f"đơn vị thành viên {campaign.cluster.name} năm {campaign.year}"])) + ".",
            indent=False),
        Paragraph("2. Chức năng, nhiệm vụ: theo quyết định thành lập và điều lệ, quy chế tổ "
                  "chức và hoạt động của đơn vị.", indent=False),
        Paragraph("3. Tổ chức bộ máy: "
                  + (f"{vn_number(unit.departments_count)} phòng, ban, bộ phận; "
                     if unit.departments_count is not None else "")
                  + (f"{vn_number(unit.staff_posts)} biên chế; " if unit.staff_posts is not None
                     else "")
                  + (f"người đứng đầu: {unit.signing_name}." if unit.leader_name else
                     "người đứng đầu: ……."), indent=False),
        Heading("II. THÀNH TÍCH ĐẠT ĐƯỢC"),
        Paragraph(f"1. Kết quả thực hiện nhiệm vụ năm {campaign.year} so với chỉ tiêu đã đăng "
                  "ký trong giao ước thi đua:", indent=False),
        *_figures(campaign, unit),
        Paragraph("2. Các biện pháp, giải pháp và nguyên nhân đạt được thành tích:",
                  indent=False),
        *(text_lines(nomination.achievements)
          or [Paragraph("(Đơn vị nêu các biện pháp, giải pháp đã thực hiện.)", italic=True)]),
        Paragraph("3. Công tác xây dựng tổ chức đảng, đoàn thể: (đơn vị nêu kết quả xây dựng "
                  "tổ chức đảng, đoàn thể trong năm).", indent=False),
        Heading("III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN"),
        *_history(unit),
    ]
    document.signature = Signature(title=unit.leader_post or "THỦ TRƯỞNG ĐƠN VỊ",
                                   name=unit.signing_name)
    document.closing_left = ["XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "(Ký, đóng dấu)"]
    return document


def _figures(campaign, unit):
    report = (Report.objects.filter(campaign=campaign, unit=unit, period=Period.YEAREND)
              .prefetch_related("figures__target").first())
    score = _scores(campaign).get(unit.pk)
    blocks = []
    if score:
        blocks.append(Paragraph(f"Kết quả chấm điểm thi đua: {vn_number(score.total, 2)} điểm"
                                + (f", xếp thứ {vn_number(score.rank)}" if score.rank else "")
                                + f", xếp loại {score.rating}."))
    rows = [[vn_number(n), f.label, f.target.measure if f.target_id else f.measure,
             vn_number(f.target.target_value) if f.target_id else "", vn_number(f.actual),
             vn_number(f.completion)] for n, f in enumerate(report.figures.all(), 1)] \
        if report else []
    if rows:
        blocks.append(Table(["STT", "Chỉ tiêu", "Đơn vị tính", "Đăng ký", "Thực hiện",
                             "Tỷ lệ (%)"], rows, numeric={0, 3, 4, 5}))
    else:
        blocks.append(Paragraph("(Chưa có số liệu báo cáo tổng kết năm.)", italic=True))
    return blocks


def _history(unit):
    grants = list(AwardGrant.objects.filter(unit=unit).select_related("decision__award")
                  .order_by("decision__year"))
    blocks = []
    for label, wanted in (("1. Danh hiệu thi đua:", True), ("2. Hình thức khen thưởng:", False)):
        rows = [[str(g.decision.year), g.decision.award_title,
                 f"{g.decision.number} ngày {g.decision.signed_on:%d/%m/%Y}", g.decision.issuer]
                for g in grants if (g.decision.award.level in TITLE_LEVELS) == wanted]
        blocks.append(Paragraph(label, indent=False))
        blocks.append(Table(["Năm", "Danh hiệu thi đua" if wanted else "Hình thức khen thưởng",
                             "Số, ngày quyết định", "Cơ quan ban hành"], rows, numeric={0})
                      if rows else Paragraph("Chưa có.", indent=False, italic=True))
    return blocks


def decision_document(decision, user):
    """QUYẾT ĐỊNH khen thưởng (Mẫu 1.2): the decider's post, the legal basis, the standing
    office's and the clusters' submissions, the articles, and the awarded units in an annex;
    for a cluster-limited leader an excerpt (trích) listing only their cluster's units, 404
    when none is theirs."""
    permissions.check_organisation(user, decision.organisation_id, Action.VIEW_REGISTRY)
    grants, excerpt = decision_grants(decision, user)
    if not grants:
        raise Http404
    return build_decision_document(decision, grants, excerpt=excerpt)


def build_decision_document(decision, grants, *, excerpt=False):
    """The decision over `grants` (all of them, or a cluster's excerpt)."""
    organisation = decision.organisation
    governing = organisation.governing_body
    if governing.strip().upper() == decision.issuer.strip().upper():
        governing = ""  # a provincial body is its own governing body: printed once
    document = Document(governing_body=governing, issuing_body=decision.issuer,
                        number_label=decision.number, place=organisation.place,
                        date=decision.signed_on, type_title="QUYẾT ĐỊNH",
                        subject=f"Về việc tặng {decision.award_title}")
    document.file_stem = file_slug("quyet dinh", decision.number, decision.award_title)
    post = organisation.decider_post or f"{organisation.decider_title} {decision.issuer}"
    units = [grant.unit for grant in grants]
    clusters = _clusters_of(units, decision.year)
    # An excerpt must not state the decision's total: that would count the other clusters.
    whom = "các tập thể" if excerpt else f"{vn_number(len(units))} tập thể"
    listed = "trích danh sách kèm theo" if excerpt else "có danh sách kèm theo"
    office = organisation.standing_office or f"Thường trực {organisation.council}"
    where = (f"của {next(iter(clusters)).name}" if len(clusters) == 1
             else "của các cụm, khối thi đua")
    document.blocks += [
        Paragraph(post.upper(), indent=False, bold=True, align="center"),
        *_basis(basis_lines(decision.signed_on, competence=organisation.competence_basis,
                            regulation=organisation.regulation_basis,
                            decree=organisation.decree_basis),
                f"Xét đề nghị của {office}"
                + _submissions_text(clusters, decision.year) + "."),
        Paragraph("QUYẾT ĐỊNH:", indent=False, bold=True, align="center"),
        Paragraph(f"Tặng {decision.award_title} cho {whom} đã có thành tích xuất sắc, dẫn đầu "
                  f"phong trào thi đua năm {decision.year} {where} ({listed}).",
                  lead="Điều 1."),
        Paragraph("Quyết định này có hiệu lực kể từ ngày ký.", lead="Điều 2."),
        Paragraph(f"{office}, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể có tên "
                  "tại Điều 1 chịu trách nhiệm thi hành Quyết định này.", lead="Điều 3."),
    ]
    document.signature = Signature(
        authority=organisation.decider_authority, title=organisation.decider_title,
        name=person_name(decision.signer, allowed=organisation.academic_titles_allowed))
    document.recipients = ["Như Điều 3", f"Thường trực {organisation.council}",
                           "Lưu: VT, TĐKT"]
    document.annex = _annex(decision, units, clusters, excerpt)
    return document


def _clusters_of(units, year):
    """{cluster: [units]} of the awarded units in the decision's year, in name order."""
    found = {}
    for membership in (Membership.objects.filter(unit__in=units, year=year)
                       .select_related("cluster", "unit").order_by("cluster__name")):
        found.setdefault(membership.cluster, []).append(membership.unit)
    return found


def _submissions_text(clusters, year):
    """' và của Cụm … tại Tờ trình số 03/TTr-CTĐ6 ngày 15/12/2025; …' for each cluster whose
    submission of the year is on record."""
    parts = []
    for cluster in clusters:
        issued = IssuedDocument.objects.filter(cluster=cluster, year=year, type_code="TTr") \
            .order_by("-number").first()
        if issued:
            parts.append(f"{cluster.name} tại Tờ trình số {issued.number:02d}/TTr-"
                         f"{cluster.issuer_code} ngày {issued.issued_on:%d/%m/%Y}")
    return (" và của " + "; của ".join(parts)) if parts else ""


def _annex(decision, units, clusters, excerpt):
    cluster_of = {unit.pk: cluster.name for cluster, members in clusters.items()
                  for unit in members}
    title = ("TRÍCH " if excerpt else "") + f"DANH SÁCH TẬP THỂ ĐƯỢC TẶNG {decision.award_title}"
    return [
        Paragraph("Phụ lục", indent=False, bold=True, align="center"),
        Paragraph(title.upper(), indent=False, bold=True, align="center"),
        Paragraph(f"(Kèm theo Quyết định số {decision.number} "
                  f"{vietnamese_date(decision.signed_on)} của {decision.issuer})", indent=False,
                  italic=True, align="center"),
        Table(["STT", "Tập thể", "Cụm, khối thi đua"],
              [[vn_number(n), unit.name, cluster_of.get(unit.pk, "")]
               for n, unit in enumerate(units, 1)], numeric={0}),
    ]
