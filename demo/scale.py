"""Generated data at scale for benchmarks and load tests (command `seed_scale`).

One organisation of N clusters × M units over Y years: past years complete (pledges, reports
accepted, scores verified and locked, the conference's vote closed, nominations submitted, the
council's decision), this year in November (pledges signed, semi-annual reports in, year-end
reports not yet: the load test submits them).

Structure goes through the services the pages use (criteria tables copied from the template,
the vote's questions and candidates); the many per-unit rows go in with bulk_create, so 100
clusters × 10 units × 5 years take about a minute. Idempotent: a cluster-year whose campaign
exists is left as it is, so the command can be run again to add years or clusters.
"""

import datetime
import random
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from campaigns.forms import default_dates
from campaigns.models import Campaign, UnitPledge, UnitTarget
from campaigns.services import award_catalogue_ensure
from clusters.models import Cluster, Membership, Organisation, Unit
from members.models import Representative, StaffRole, User
from reports.models import Report, ReportFigure
from scoring import services as scoring_services

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "ThiDua@2026"
ORG_CODE = "quy-mo"

PROVINCES = [
    "Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Quảng Ninh", "Bắc Ninh", "Hưng Yên",
    "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Quảng Ngãi", "Gia Lai",
    "Đắk Lắk", "Khánh Hòa", "Lâm Đồng", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp",
    "An Giang", "Cà Mau", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Tuyên Quang", "Cao Bằng",
    "Lạng Sơn", "Lai Châu", "Điện Biên", "Sơn La", "Thành phố Hồ Chí Minh",
]
BODIES = [
    "Sở Tư pháp", "Tòa án nhân dân", "Viện kiểm sát nhân dân", "Đoàn Luật sư",
    "Cục Thi hành án dân sự", "Trường Chính trị", "Công an", "Ủy ban Mặt trận Tổ quốc",
    "Hội Nông dân", "Liên đoàn Lao động", "Sở Nội vụ", "Thanh tra", "Trung tâm Trợ giúp pháp lý",
    "Phòng Công chứng số 1", "Báo", "Đài Phát thanh và Truyền hình", "Trường Cao đẳng",
    "Sở Tài nguyên và Môi trường", "Sở Giáo dục và Đào tạo", "Hội Cựu chiến binh",
    "Hội Liên hiệp Phụ nữ", "Tỉnh đoàn", "Ban Dân tộc", "Sở Y tế", "Kho bạc Nhà nước",
    "Cục Thuế", "Hải quan", "Ngân hàng Chính sách xã hội", "Bảo hiểm xã hội", "Sở Công Thương",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Phan", "Trịnh", "Đinh", "Lương", "Mai", "Tạ", "Vương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Thanh", "Ngọc", "Đức", "Hữu", "Thùy", "Kim",
          "Xuân", "Hồng", "Anh", "Bảo"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Phong", "Phương",
         "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Vân", "Yến"]
TARGETS = [("Phát triển hội viên mới", "người", 20), ("Tư vấn pháp luật miễn phí", "lượt", 150),
           ("Tuyên truyền, phổ biến pháp luật", "buổi", 12)]
SECTIONS = {
    "results": "Đơn vị triển khai đầy đủ các nội dung giao ước, tổ chức tuyên truyền pháp luật "
               "và tư vấn miễn phí cho người dân.",
    "limitations": "Một số hoạt động chưa có số liệu đầy đủ.",
    "causes": "Cán bộ làm công tác thi đua kiêm nhiệm.",
    "direction": "Tiếp tục phát triển hội viên, nâng cao chất lượng tư vấn.",
    "proposals": "Đề nghị tổ chức tập huấn nghiệp vụ thi đua, khen thưởng.",
}


def moment(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


class ScaleSeeder:
    def __init__(self, *, clusters, units_per_cluster, years, last_year, out=print):
        self.n_clusters, self.n_units = clusters, units_per_cluster
        self.years = list(range(last_year - years + 1, last_year + 1))
        self.current_year = last_year
        self.random = random.Random(2026)  # the same data every time
        self.out = out

    # --- the registry: organisation, clusters, units, people, memberships ---------------

    def run(self):
        self.organisation = self._organisation()
        self.clusters = self._clusters()
        self.units = self._units()  # {cluster code: [units in order]}
        self.reps = self._representatives()  # {unit id: user}
        self._memberships()
        for year in self.years:
            created = 0
            for cluster in self.clusters:
                if not Campaign.objects.filter(cluster=cluster, year=year).exists():
                    with transaction.atomic():
                        YearSeeder(self, cluster, year).run()
                    created += 1
            if year < self.current_year:
                with transaction.atomic():
                    self._decision(year)
            self.out(f"{year}: {created} campaigns created, "
                     f"{len(self.clusters) - created} already there")

    def _organisation(self):
        organisation, _created = Organisation.objects.get_or_create(code=ORG_CODE, defaults={
            "name": "Hội Luật gia Việt Nam (dữ liệu quy mô)", "short_name": "Hội LGVN",
            "governing_body": "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"})
        award_catalogue_ensure(organisation=organisation)
        password = make_password(PASSWORD)
        for username, name, role in (("qm.thuky", "Nguyễn Thị Thu Hằng", "secretariat"),
                                     ("qm.lanhdao", "Trần Quốc Bảo", "leadership")):
            user, _created = User.objects.get_or_create(
                username=username, defaults={"full_name": name, "password": password,
                                             "email": f"{username}@quymo.thidua.vn"})
            StaffRole.objects.get_or_create(user=user, organisation=organisation, role=role)
        return organisation

    def _clusters(self):
        existing = {c.code: c for c in Cluster.objects.filter(organisation=self.organisation)}
        Cluster.objects.bulk_create([
            Cluster(organisation=self.organisation, code=f"C{n:03d}", number=str(n),
                    name=f"Cụm thi đua số {n}", document_code=f"CTĐ{n}")
            for n in range(1, self.n_clusters + 1) if f"C{n:03d}" not in existing])
        return list(Cluster.objects.filter(organisation=self.organisation,
                                           code__in=[f"C{n:03d}" for n in
                                                     range(1, self.n_clusters + 1)])
                    .order_by("code"))

    def _units(self):
        wanted = {}
        for c_index, cluster in enumerate(self.clusters):
            for u_index in range(self.n_units):
                serial = c_index * self.n_units + u_index
                body = BODIES[serial % len(BODIES)]
                province = PROVINCES[(serial // len(BODIES)) % len(PROVINCES)]
                round_ = serial // (len(BODIES) * len(PROVINCES))
                name = f"Chi hội Luật gia {body} {province}" + (f" {round_ + 1}" if round_ else "")
                wanted[f"{cluster.code}-U{u_index + 1:02d}"] = name
        have = set(Unit.objects.filter(organisation=self.organisation)
                   .values_list("code", flat=True))
        Unit.objects.bulk_create([
            Unit(organisation=self.organisation, code=code, name=name,
                 leader_name=self._person(), address="Hà Nội", phone="024 3000 0000",
                 departments_count=3 + len(code) % 4, staff_posts=8 + sum(map(ord, code)) % 20)
            for code, name in wanted.items() if code not in have])
        by_code = {u.code: u for u in Unit.objects.filter(code__in=wanted,
                                                          organisation=self.organisation)}
        return {c.code: [by_code[f"{c.code}-U{i + 1:02d}"] for i in range(self.n_units)]
                for c in self.clusters}

    def _person(self):
        r = self.random
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def _representatives(self):
        units = [u for members in self.units.values() for u in members]
        usernames = {u.pk: f"qm.{u.code.lower()}" for u in units}
        have = set(User.objects.filter(username__in=usernames.values())
                   .values_list("username", flat=True))
        password = make_password(PASSWORD)  # hashed once: 1,000 hashes would take minutes
        User.objects.bulk_create([
            User(username=name, full_name=self._person(), password=password,
                 email=f"{name}@quymo.thidua.vn") for name in usernames.values()
            if name not in have])
        users = {u.username: u for u in User.objects.filter(username__in=usernames.values())}
        Representative.objects.bulk_create(
            [Representative(unit_id=unit_id, user=users[name], position="Cán bộ thi đua",
                            is_designated_voter=True) for unit_id, name in usernames.items()],
            ignore_conflicts=True)
        return {unit_id: users[name] for unit_id, name in usernames.items()}

    def _memberships(self):
        """Heads rotate through the cluster year by year; the deputy is next in line."""
        rows = []
        for cluster in self.clusters:
            members = self.units[cluster.code]
            for year in self.years:
                head = year % len(members)
                for index, unit in enumerate(members):
                    role = Membership.Role.HEAD if index == head else \
                        Membership.Role.DEPUTY if index == (head + 1) % len(members) else \
                        Membership.Role.MEMBER
                    rows.append(Membership(cluster=cluster, unit=unit, year=year, role=role))
        Membership.objects.bulk_create(rows, ignore_conflicts=True)

    def _decision(self, year):
        """The council's decision on the organisation flags proposed for `year`."""
        from awards import services as awards
        from awards.models import AwardDecision, Nomination

        number = f"{year % 100:02d}/QĐ-QM"
        if AwardDecision.objects.filter(organisation=self.organisation, number=number).exists():
            return
        flags = list(Nomination.objects.filter(
            campaign__cluster__organisation=self.organisation, campaign__year=year,
            award__level="org_flag").select_related("award", "unit"))
        # The secretariat approves what it received, then decides (the council's step).
        Nomination.objects.filter(pk__in=[n.pk for n in flags],
                                  status=Nomination.Status.SUBMITTED).update(
            status=Nomination.Status.APPROVED)
        if flags:
            awards.decision_record(organisation=self.organisation, award=flags[0].award,
                                   year=year, number=number,
                                   signed_on=datetime.date(year + 1, 1, 15),
                                   issuer=self.organisation.name, signer="Trần Quốc Bảo",
                                   by=User.objects.get(username="qm.thuky"),
                                   units=[n.unit for n in flags])


class YearSeeder:
    """One cluster's campaign of one year."""

    def __init__(self, seeder, cluster, year):
        self.seeder, self.cluster, self.year = seeder, cluster, year
        self.units = seeder.units[cluster.code]
        self.reps = seeder.reps
        self.random = seeder.random
        self.past = year < seeder.current_year

    def run(self):
        self.campaign = Campaign.objects.create(
            cluster=self.cluster, year=self.year, title=f"Phong trào thi đua năm {self.year}",
            pledge_text="Thi đua hoàn thành xuất sắc nhiệm vụ được giao.",
            launched_at=moment(self.year, 3, 20), pledge_finalised_at=moment(self.year, 4, 20),
            **default_dates(self.year))
        pledges = self._pledges()
        self._reports(pledges)
        if self.past:
            table = self._scores()
            self._vote(table)
            self._nominations()

    def _pledges(self):
        pledges = UnitPledge.objects.bulk_create([
            UnitPledge(campaign=self.campaign, unit=unit, signed_by=self.reps[unit.pk],
                       signed_at=moment(self.year, 4, 1 + index % 14), signed_from="10.0.0.1")
            for index, unit in enumerate(self.units)])
        targets = UnitTarget.objects.bulk_create([
            UnitTarget(pledge=pledge, name=name, measure=measure, order=order,
                       target_value=Decimal(value + 5 * (index % 4)))
            for index, pledge in enumerate(pledges)
            for order, (name, measure, value) in enumerate(TARGETS[: 2 + index % 2])])
        by_pledge = {}
        for target in targets:
            by_pledge.setdefault(target.pledge_id, []).append(target)
        return [(pledge, by_pledge[pledge.pk]) for pledge in pledges]

    def _reports(self, pledges):
        """Past years: both reports accepted. This year: most semi-annual reports in (a few
        late, a few missing); year-end reports are not written yet."""
        reports, figures = [], []
        periods = ("semiannual", "yearend") if self.past else ("semiannual",)
        for index, (pledge, targets) in enumerate(pledges):
            for period in periods:
                report = self._report(pledge, period, index)
                if report is None:
                    continue
                reports.append(report)
                ratio = Decimal("0.55") if period == "semiannual" else \
                    Decimal(str(round(self.random.uniform(0.8, 1.25), 2)))
                figures.append([(t, (t.target_value * ratio).quantize(Decimal("1")))
                                for t in targets])
        Report.objects.bulk_create(reports)
        ReportFigure.objects.bulk_create([
            ReportFigure(report=report, target=target, actual=actual)
            for report, rows in zip(reports, figures, strict=True) for target, actual in rows])

    def _report(self, pledge, period, index):
        due = self.campaign.semiannual_due if period == "semiannual" else \
            self.campaign.yearend_due
        late = 0 if index % 7 else 1 + index % 5
        if not self.past and index % 9 == 8:
            return None  # missing
        sent = moment(due.year, due.month, due.day) + datetime.timedelta(days=late - 2)
        status = Report.Status.ACCEPTED if self.past else Report.Status.SUBMITTED
        return Report(campaign=self.campaign, unit=pledge.unit, period=period, status=status,
                      first_submitted_at=sent, submitted_at=sent, days_late=late, **SECTIONS)

    def _scores(self, done=None):
        """Self-scores near the maximum (each unit its own level), verified with the odd
        point taken off, then the results locked (on 8 December unless `done` says when)."""
        from scoring import services as scoring
        from scoring.models import CriterionScore, ScoreSheet

        table = scoring.table_for_campaign(campaign=self.campaign)
        criteria = list(table.groups.prefetch_related("criteria"))
        criteria = [c for g in criteria for c in g.criteria.all()]
        done = done or moment(self.year, 12, 8)
        sheets = ScoreSheet.objects.bulk_create([
            ScoreSheet(table=table, unit=unit, status=ScoreSheet.Status.LOCKED,
                       submitted_at=moment(self.year, 12, 2), submitted_by=self.reps[unit.pk],
                       verified_at=done, verified_by=self.reps[self.units[0].pk])
            for unit in self.units])
        scores = []
        for sheet in sheets:
            level = Decimal(str(self.random.choice([1, 0.97, 0.93, 0.9, 0.85, 0.8, 0.7])))
            for criterion in criteria:
                own = (criterion.max_points * level * 2).quantize(Decimal("1")) / 2
                lowered = self.random.random() < 0.05 and own >= 1
                scores.append(CriterionScore(
                    sheet=sheet, criterion=criterion, self_score=own,
                    evidence_note=f"Báo cáo tổng kết năm {self.year}",
                    verified_score=own - 1 if lowered else own,
                    verify_reason="Chưa đủ tài liệu kiểm chứng" if lowered else ""))
        CriterionScore.objects.bulk_create(scores)
        table.locked_at = moment(self.year, 11, 28)
        table.verification_closed_at = table.results_locked_at = done
        table.save()
        scoring_services.results_freeze(table=table)  # locked results are read as rows
        return table

    def _vote(self, table):
        """The conference: every unit present; awards to the best-ranked candidates within
        the quota, next year's head and deputy as the rotation says."""
        from voting import python_client
        from voting import services as voting
        from voting.models import Attendance, Question

        session = voting.session_prepare(campaign=self.campaign)
        Attendance.objects.bulk_create([Attendance(session=session, unit=u) for u in self.units])
        following = {m.role: m.unit_id for m in Membership.objects.filter(
            cluster=self.cluster, year=self.year + 1).exclude(role="member")}
        closed = moment(self.year, 12, 15, 11)
        # Encrypted ballots, counted by the board (issue 13), made in Python for seeding.
        session.questions.filter(candidates__isnull=True).delete()
        secrets = python_client.board_keys_seed(session)
        for question in session.questions.prefetch_related("candidates__unit"):
            candidates = list(question.candidates.all())
            chosen = candidates[: question.quota] if question.kind == Question.Kind.AWARD else \
                [c for c in candidates if c.unit_id == following.get(question.kind)]
            python_client.question_seed_counted(
                question, {u: [c.unit for c in chosen] for u in self.units}, secrets, at=closed)
        session.status, session.opened_at, session.closed_at = "closed", closed, closed
        session.place, session.chair = "Hà Nội", self.reps[self.units[0].pk].full_name
        session.save()

    def _nominations(self):
        from awards import services as awards
        from awards.models import Nomination

        awards.nominations_from_vote(campaign=self.campaign)
        Nomination.objects.filter(campaign=self.campaign).update(
            status=Nomination.Status.SUBMITTED, submitted_at=moment(self.year, 12, 18))


def results_locked_for_conference(campaign, *, locked_at):
    """Bring a current-year campaign of the seed data to its conference day, as the past
    years were: every unit self-scored, verified and the results locked at `locked_at`
    (loadtest/conference.py votes on it next). Returns the criteria table."""
    units = [m.unit for m in Membership.objects.filter(cluster=campaign.cluster,
                                                       year=campaign.year)
             .select_related("unit").order_by("unit__code")]
    reps = {r.unit_id: r.user for r in Representative.objects.filter(
        unit__in=units, is_designated_voter=True).select_related("user")}
    seeder = SimpleNamespace(units={campaign.cluster.code: units}, reps=reps,
                             random=random.Random(campaign.pk), current_year=campaign.year)
    year = YearSeeder(seeder, campaign.cluster, campaign.year)
    year.campaign = campaign
    with transaction.atomic():
        return year._scores(done=locked_at)


def seed_scale(*, clusters, units_per_cluster, years, last_year, out=print):
    ScaleSeeder(clusters=clusters, units_per_cluster=units_per_cluster, years=years,
                last_year=last_year, out=out).run()
    return Organisation.objects.get(code=ORG_CODE)

