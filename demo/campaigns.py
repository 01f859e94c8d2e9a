"""This year's demo campaigns, mid-way through the year (used by seed_demo; idempotent).

Every step goes through the same services the pages use, with explicit dates, so the demo
shows what a real year looks like in November: pledges signed and finalised, semi-annual
reports in on time, late, returned or missing, year-end reports starting to arrive.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from campaigns import services as campaign_services
from campaigns.forms import default_dates
from campaigns.models import AwardType, Campaign, UnitPledge
from campaigns.selectors import head_unit
from clusters.models import Membership
from reports import services as report_services
from reports.models import Activity, ClusterSummary, Report
from scoring import services as scoring_services

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TARGETS = [
    ("Phát triển hội viên mới", "người", 20),
    ("Tư vấn, trợ giúp pháp lý miễn phí", "lượt", 150),
    ("Tổ chức tuyên truyền, phổ biến pháp luật", "buổi", 12),
]
PLAN = ("Triển khai phong trào thi đua yêu nước; tổ chức ký kết giao ước thi đua; sơ kết 6 tháng "
        "và tổng kết năm theo quy chế hoạt động của cụm.")
PLEDGE = ("1. Thực hiện tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước.\n"
          "2. Hoàn thành xuất sắc nhiệm vụ chuyên môn được giao.\n"
          "3. Báo cáo đúng hạn, có số liệu cụ thể; tham gia đầy đủ các hoạt động của cụm.")


def moment(year, month, day):
    return datetime.datetime(year, month, day, 9, tzinfo=TZ)


def seed_campaign(cluster, year, rep_of, summary_narrative=""):
    """Campaign of `cluster` for `year`, mid-way. rep_of: {unit code: user}."""
    campaign, units = _pledged_campaign(cluster, year, rep_of)
    head = rep_of[head_unit(campaign).code]
    for index, unit in enumerate(units):
        _semiannual(campaign, unit, index, rep_of[unit.code], head)
        _activities(unit, year, index, rep_of[unit.code])
    _yearend(campaign, units[0], rep_of[units[0].code])
    if summary_narrative and not ClusterSummary.objects.filter(
            campaign=campaign, period="semiannual", issued_at__isnull=False).exists():
        report_services.summary_save(campaign=campaign, period="semiannual",
                                     narrative=summary_narrative)
        report_services.summary_issue(campaign=campaign, period="semiannual", by=head)
    return campaign


def _pledged_campaign(cluster, year, rep_of):
    """The cluster's campaign of `year`, launched, every unit's pledge signed, finalised.
    Returns (campaign, member units in code order)."""
    campaign = Campaign.objects.filter(cluster=cluster, year=year).first()
    if campaign is None:
        campaign = campaign_services.campaign_save(campaign=Campaign(
            cluster=cluster, year=year, title=f"Phong trào thi đua năm {year}",
            place="TP. Lai Châu" if cluster.organisation.code == "laichau" else "Hà Nội",
            plan_text=PLAN, pledge_text=PLEDGE, **default_dates(year)))
    if not campaign.launched_at:
        campaign = scoring_services.campaign_launch(campaign=campaign)
    units = [m.unit for m in Membership.objects.filter(cluster=cluster, year=year)
             .select_related("unit").order_by("unit__code")]
    titles = list(AwardType.objects.filter(organisation=cluster.organisation,
                                           level__in=["org_flag", "org_merit"]))
    for index, unit in enumerate(units):
        _pledge(campaign, unit, index, rep_of[unit.code], titles)
    if not campaign.pledge_finalised_at:
        campaign = campaign_services.pledge_finalise(campaign=campaign)
    return campaign, units


def _pledge(campaign, unit, index, user, titles):
    pledge = UnitPledge.objects.get(campaign=campaign, unit=unit)
    if pledge.signed_at or campaign.pledge_finalised_at:
        return
    targets = [{"name": name, "measure": measure, "note": "",
                "target_value": Decimal(value + 5 * index)}
               for name, measure, value in TARGETS[: 2 + index % 2]]
    campaign_services.pledge_save(pledge=pledge, targets=targets, titles=titles[:1 + index % 2])
    campaign_services.pledge_sign(pledge=pledge, user=user, address="127.0.0.1",
                                  now=moment(campaign.year, 4, 2 + index))


def _write(campaign, unit, period, ratio, results):
    report = report_services.report_get_or_create(campaign=campaign, unit=unit, period=period)
    actuals = {t.pk: (t.target_value * Decimal(ratio)).quantize(Decimal("1"))
               for t in report_services.report_targets(report)}
    report_services.report_save(report=report, sections={
        "results": results,
        "limitations": "Một số hoạt động chưa có số liệu đầy đủ; kinh phí còn hạn chế.",
        "causes": "Cán bộ làm công tác thi đua kiêm nhiệm.",
        "direction": "Tiếp tục đẩy mạnh tuyên truyền, phát triển hội viên.",
        "proposals": "Đề nghị cụm trưởng tổ chức tập huấn nghiệp vụ thi đua."},
        actuals=actuals, free_figures=[{"name": "Số bài viết đăng trên trang tin",
                                        "measure": "bài", "actual": Decimal(6 + index_of(unit))}])
    return report


def _written(campaign, unit, period):
    """Seeded already? The launch creates every report empty, so look for content."""
    return Report.objects.filter(campaign=campaign, unit=unit, period=period).exclude(
        results="").exists()


def index_of(unit):
    return sum(map(ord, unit.code)) % 7


def _semiannual(campaign, unit, index, user, head):
    """Index 0–2 on time, 3 late (organisations that accept late) or extended, 4 returned,
    5 a draft, the rest missing."""
    if _written(campaign, unit, "semiannual"):
        return
    year = campaign.year
    results = (f"6 tháng đầu năm {year}, đơn vị đã triển khai các hoạt động theo giao ước, "
               "tổ chức tuyên truyền pháp luật và tư vấn miễn phí cho người dân.")
    if index <= 2:
        report = _write(campaign, unit, "semiannual", "0.6", results)
        report_services.report_submit(report=report, user=user, now=moment(year, 7, 3 + index))
    elif index == 3:
        if not campaign.cluster.organisation.allow_late_reports:
            campaign_services.deadline_extend(
                campaign=campaign, deadline="semiannual", unit=unit, by=head,
                new_due=datetime.date(year, 7, 20), reason="Đơn vị tổ chức đại hội nhiệm kỳ")
        report = _write(campaign, unit, "semiannual", "0.45", results)
        report_services.report_submit(report=report, user=user, now=moment(year, 7, 14))
    elif index == 4:
        report = _write(campaign, unit, "semiannual", "0.3", "Hoàn thành tốt nhiệm vụ.")
        report_services.report_submit(report=report, user=user, now=moment(year, 7, 8))
        report_services.report_return(report=report, comment=(
            "Báo cáo chưa có số liệu cụ thể về hoạt động tuyên truyền; đề nghị bổ sung số buổi, "
            "số người tham dự và tài liệu kiểm chứng."))
    elif index == 5:
        _write(campaign, unit, "semiannual", "0.2", "Đang tổng hợp số liệu.")
    for report in Report.objects.filter(campaign=campaign, unit=unit, status="submitted")[:1]:
        if index == 0:
            report_services.report_accept(report=report)


def _yearend(campaign, unit, user):
    if _written(campaign, unit, "yearend"):
        return
    report = _write(campaign, unit, "yearend", "1.1",
                    f"Năm {campaign.year}, đơn vị hoàn thành vượt mức các chỉ tiêu giao ước.")
    now = min(timezone.now(), moment(campaign.year, 11, 20))
    report_services.report_submit(report=report, user=user, now=now)


def _activities(unit, year, index, user):
    if index > 3 or Activity.objects.filter(unit=unit, date__year=year).exists():
        return
    entries = [
        (datetime.date(year, 3, 26), "Tọa đàm về Luật Hợp tác xã năm 2023", 60, None),
        (datetime.date(year, 5, 15), "Tư vấn pháp luật miễn phí tại xã vùng cao", 120, 15000000),
        (datetime.date(year, 9, 2), "Tuyên truyền Hiến pháp cho hội viên", 85, None),
    ]
    for date, title, participants, amount in entries:
        Activity.objects.create(unit=unit, date=date, title=title, participants=participants,
                                amount_vnd=amount, created_by=user)


# --- last year: a complete, scored year -----------------------------------------------------

SCORE_FACTORS = [1.0, 0.97, 0.93, 0.9, 0.87, 0.84, 0.8, 0.76, 0.72]


def seed_past_campaign(cluster, year, rep_of):
    """Last year's campaign of `cluster`, complete: every report in and accepted, scores
    self-assessed, verified (some lowered with a reason, one contested), results locked."""
    campaign, units = _pledged_campaign(cluster, year, rep_of)
    for index, unit in enumerate(units):
        for period, day, ratio in (("semiannual", moment(year, 7, 2), "0.55"),
                                   ("yearend", moment(year, 11, 26), str(1.1 - 0.05 * index))):
            if _written(campaign, unit, period):
                continue
            report = _write(campaign, unit, period, ratio,
                            f"Năm {year}, đơn vị hoàn thành các nhiệm vụ theo giao ước.")
            report_services.report_submit(report=report, user=rep_of[unit.code], now=day)
            report_services.report_accept(report=report)
    _score_year(campaign, units, rep_of)
    _vote_year(campaign, units, rep_of)
    _nominate_year(campaign, rep_of[head_unit(campaign).code])
    return campaign


def _score_year(campaign, units, rep_of):
    from scoring import services as scoring
    from scoring.models import ScoreSheet

    table = scoring.table_for_campaign(campaign=campaign)
    if table.results_locked_at:
        return
    if not table.locked_at:
        scoring.scoring_open(table=table)
    year = campaign.year
    bonus = table.adjustments.filter(kind="bonus").first()
    late = table.adjustments.filter(kind="penalty", disqualifying=False).first()
    for index, unit in enumerate(units):
        sheet = table.sheets.get(unit=unit)
        factor = Decimal(str(SCORE_FACTORS[index % len(SCORE_FACTORS)]))
        if sheet.status == ScoreSheet.Status.DRAFT:
            scores = {s.criterion_id: {
                "score": (s.criterion.max_points * factor * 2).quantize(Decimal("1")) / 2,
                "comment": "", "note": f"Báo cáo tổng kết năm {year}, mục I"}
                for s in sheet.scores.select_related("criterion")}
            scoring.self_score_save(sheet=sheet, scores=scores,
                                    claims={bonus.pk: "Được cụm ghi nhận mô hình hay"}
                                    if index == 0 and bonus else {})
            scoring.self_score_submit(sheet=sheet, user=rep_of[unit.code],
                                      now=moment(year, 12, 2))
            sheet.refresh_from_db()
        if sheet.status == ScoreSheet.Status.SUBMITTED:
            _verify(scoring, sheet, index, rep_of, late)
    _contest_once(scoring, table, units, rep_of)
    scoring.results_lock(table=table)


def _verify(scoring, sheet, index, rep_of, late):
    verifier = scoring.verifier_unit(sheet)
    scores = {}
    for score in sheet.scores.select_related("criterion"):
        value, reason = score.self_score, ""
        if index % 3 == 1 and score.criterion.code == "3":
            value, reason = max(Decimal(0), value - 2), "Chưa có tài liệu kiểm chứng đầy đủ"
        scores[score.criterion_id] = (value, reason)
    claims = {late.pk: (True, "Gửi báo cáo sơ kết chậm")} if index == len(SCORE_FACTORS) - 3 \
        and late else {}
    scoring.verify_save(sheet=sheet, version=sheet.version, scores=scores, claims=claims,
                        finish=True, user=rep_of[verifier.code])


def _contest_once(scoring, table, units, rep_of):
    from scoring.models import CriterionScore

    changed = CriterionScore.objects.filter(sheet__table=table, verify_reason__gt="",
                                            contested_at__isnull=True).first()
    if changed is None or changed.resolved_at:
        return
    scoring.contest(score=changed, reason="Đơn vị đã gửi bổ sung biên bản hội nghị tuyên truyền")
    scoring.contest_resolve(score=changed, keep=False, new_score=changed.self_score - 1,
                            reason="Chấp nhận một phần tài liệu bổ sung")


def _vote_year(campaign, units, rep_of):
    """Last year's conference: everyone present, secret ballots for the awards (the best
    ranked units) and for this year's head and deputy, closed with its records."""
    from voting import python_client
    from voting import services as voting
    from voting.models import Question, VotingSession

    session = voting.session_prepare(campaign=campaign)
    if session.status == VotingSession.Status.CLOSED:
        return
    this_year = {m.role: m.unit for m in Membership.objects.filter(
        cluster=campaign.cluster, year=campaign.year + 1).exclude(role="member")
        .select_related("unit")}
    if session.status == VotingSession.Status.PREPARING:
        voting.attendance_set(session=session, units=units)
        session.place = campaign.place
        # Last year's conference as it was held: its minutes state this day and these hours.
        session.held_on = campaign.conference_on
        session.starts_at, session.ends_at = datetime.time(8, 0), datetime.time(11, 30)
        session.chair = rep_of[head_unit(campaign).code].full_name
        session.secretary = rep_of[units[-1].code].full_name
        session.notes = ("Hội nghị nghe báo cáo tổng kết phong trào thi đua năm và kết quả chấm "
                         "điểm của các đơn vị; các đơn vị thảo luận, bỏ phiếu kín bình xét, "
                         "suy tôn.")
        session.save()
        session = voting.session_open(session=session)
    # The counting board's shares, drawn here as the members' browsers would (seeding only).
    secrets = python_client.board_keys_publish(session)
    for question in session.questions.prefetch_related("candidates__unit"):
        if question.kind == Question.Kind.AWARD:
            chosen = list(question.candidates.all())[: question.quota]
        else:
            wanted = this_year.get(question.kind)
            chosen = [c for c in question.candidates.all() if c.unit == wanted]
        for unit in units:  # each ballot encrypted in Python, as the browser does
            if not question.encrypted_ballots.filter(unit=unit).exists() and \
                    not question.closed_at:
                python_client.vote(question, unit, rep_of[unit.code],
                                   [c.unit for c in chosen])
        if not question.closed_at:
            voting.question_close(question=question)
        question.refresh_from_db()
        if not question.counted_at:
            python_client.board_decrypt(question, secrets)
    session = voting.session_close(session=session)
    voting.vote_records_issue(session=session, by=rep_of[head_unit(campaign).code])


def _nominate_year(campaign, head_user):
    """Last year's nominations from the vote, submitted to the council."""
    from awards import services as awards
    from awards.models import Nomination

    if Nomination.objects.filter(campaign=campaign).exists():
        return
    awards.nominations_from_vote(campaign=campaign)
    awards.nominations_submit(campaign=campaign, by=head_user)


def seed_decision(organisation, year, by):
    """The council's decision on last year's organisation flags (idempotent)."""
    from awards import services as awards
    from awards.models import AwardDecision, Nomination

    number = f"{year % 100:02d}/QĐ-{organisation.code.upper()}"
    if AwardDecision.objects.filter(organisation=organisation, number=number).exists():
        return
    flags = list(Nomination.objects.filter(campaign__cluster__organisation=organisation,
                                           campaign__year=year, award__level="org_flag",
                                           status="submitted").select_related("award", "unit"))
    if not flags:
        return
    # The council's step before its decision: the secretariat approves what it received.
    for nomination in flags:
        awards.nomination_approve(nomination=nomination)
    awards.decision_record(organisation=organisation, award=flags[0].award, year=year,
                           number=number, signed_on=datetime.date(year + 1, 1, 15),
                           issuer=organisation.name, signer="Nguyễn Thị Minh Hằng", by=by,
                           units=[n.unit for n in flags])
