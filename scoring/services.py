"""Writes of scoring: tables, self-scoring, verification, contests, locking.

Each function checks the state it needs, writes in one transaction, and is audited
(django-auditlog records every change of sheets, scores and claims).
"""

import copy
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import recording
from campaigns import services as campaign_services
from campaigns.selectors import check_open, closed_refusal, head_unit
from clusters.models import Membership
from core.audit import audit_action
from documents.storage import freeze
from reports import services as report_services
from scoring import selectors, table_check
from scoring.documents import build_results_document
from scoring.models import (
    DEFAULT_BANDS,
    Adjustment,
    AdjustmentClaim,
    ClusterTemplate,
    CriteriaTable,
    Criterion,
    CriterionGroup,
    CriterionScore,
    CrossCheck,
    LockedResult,
    ScoreSheet,
)

# The neutral template offered to an organisation of any field: 12 contents in 4 groups,
# 100 points (the shape of one province's association block, shared/domain.md §4), with the
# usual bonus and penalty items. The secretariat copies, renames and edits it, or keeps
# several templates of its own (template_create, template_copy) and picks one per cluster.
TEMPLATE = [
    ("I", "Thực hiện nhiệm vụ được giao", [
        ("1", "Hoàn thành các chỉ tiêu đã đăng ký trong giao ước", 15, True, True),
        ("2", "Tổ chức các hoạt động chuyên môn theo kế hoạch năm", 10, True, False),
        ("3", "Thực hiện nhiệm vụ trọng tâm, đột xuất được cấp trên giao", 10, True, False),
        ("4", "Chất lượng, hiệu quả phục vụ người dân, tổ chức, hội viên", 10, False, False),
        ("5", "Củng cố tổ chức, bộ máy; phát triển đội ngũ", 5, False, False),
        ("6", "Cải cách hành chính, ứng dụng công nghệ thông tin, chuyển đổi số", 10, False,
         False),
    ]),
    ("II", "Xây dựng tổ chức Đảng, đoàn thể", [
        ("7", "Tổ chức Đảng, đoàn thể đạt trong sạch, vững mạnh", 8, False, False),
        ("8", "Thực hiện quy chế dân chủ, văn hóa công sở", 7, False, False),
    ]),
    ("III", "An ninh trật tự và các phong trào chung", [
        ("9", "Bảo đảm an ninh, trật tự, an toàn cơ quan", 5, False, False),
        ("10", "Hưởng ứng các phong trào, cuộc vận động chung", 5, False, False),
    ]),
    ("IV", "Công tác thi đua, khen thưởng", [
        ("11", "Ký kết giao ước, báo cáo đúng hạn, có số liệu", 10, True, False),
        ("12", "Tham gia đầy đủ các hoạt động của cụm", 5, False, False),
    ]),
]
TEMPLATE_ADJUSTMENTS = [
    ("bonus", "Được cấp có thẩm quyền khen thưởng đột xuất", 1, False),
    ("bonus", "Có mô hình, cách làm hay được cụm ghi nhận, nhân rộng", 2, False),
    ("bonus", "Đăng cai tổ chức hoạt động chung của cụm", 1, False),
    ("penalty", "Gửi báo cáo chậm so với thời hạn", 1, False),
    ("penalty", "Không tham gia hoạt động chung của cụm khi không có lý do", 2, False),
    ("penalty", "Tập thể hoặc người đứng đầu bị kỷ luật trong năm", 3, True),
]


def _fill_neutral(table):
    for g_order, (code, name, criteria) in enumerate(TEMPLATE):
        group = CriterionGroup.objects.create(table=table, code=code, name=name, order=g_order)
        for c_order, (c_code, c_name, points, evidence, auto) in enumerate(criteria):
            Criterion.objects.create(group=group, code=c_code, name=c_name, order=c_order,
                                     max_points=Decimal(points), evidence_required=evidence,
                                     from_targets=auto)
    for order, (kind, name, points, disqualifying) in enumerate(TEMPLATE_ADJUSTMENTS):
        Adjustment.objects.create(table=table, kind=kind, name=name, points=Decimal(points),
                                  disqualifying=disqualifying, order=order)
    table.tie_break_group = table.groups.first()
    table.save()


@transaction.atomic
def template_ensure(*, organisation):
    """The organisation's default template, the neutral one created the first time."""
    table = selectors.default_template(organisation)
    if table is not None:
        return table
    with audit_action("template.create", table=_("General criteria table")):
        table = CriteriaTable.objects.create(
            organisation=organisation, bands=copy.deepcopy(DEFAULT_BANDS), is_default=True,
            total_points=Decimal(100), name=_("General criteria table"))
        _fill_neutral(table)
    return table


def _template_name(organisation, name, *, exclude=None):
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the template a name."), code="template_name_required")
    same = CriteriaTable.objects.filter(organisation=organisation, campaign=None,
                                        name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ValidationError(_("The organisation already has a template named “%(name)s”.")
                              % {"name": name}, code="template_name_taken")
    return name


def _template_of(organisation, template):
    if template is None or not template.is_template or \
            template.organisation_id != organisation.pk:
        raise ValidationError(_("Choose one of the organisation's templates."),
                              code="not_a_template")
    return template


@transaction.atomic
def template_create(*, organisation, name, source=None):
    """A new template named by the secretariat: a copy of `source` (one of the
    organisation's templates), else the neutral contents. The organisation's first template
    becomes its default."""
    name = _template_name(organisation, name)
    with audit_action("template.create", table=name):
        if source is not None:
            _template_of(organisation, source)
            return _copy_contents(source, CriteriaTable(organisation=organisation, name=name))
        first = not CriteriaTable.objects.filter(organisation=organisation,
                                                 campaign=None).exists()
        table = CriteriaTable.objects.create(
            organisation=organisation, name=name, bands=copy.deepcopy(DEFAULT_BANDS),
            total_points=Decimal(100), is_default=first)
        _fill_neutral(table)
        return table


@transaction.atomic
def template_copy(*, template, name):
    """A copy of a template under a new name, to adapt it for another kind of cluster."""
    _template_of(template.organisation, template)
    name = _template_name(template.organisation, name)
    with audit_action("template.copy", table=name, source=template.name):
        return _copy_contents(template, CriteriaTable(organisation=template.organisation,
                                                      name=name))


@transaction.atomic
def template_rename(*, template, name):
    template = CriteriaTable.objects.select_for_update().get(pk=template.pk)
    _template_of(template.organisation, template)
    old, template.name = template.name, _template_name(template.organisation, name,
                                                       exclude=template)
    with audit_action("template.rename", table=template.name, old=old):
        template.save()
    return template


def template_delete_refusal(template, *, clusters=None):
    """Why this template cannot be deleted (a ValidationError), or None: the default, or
    one that a cluster starts from, stays. Campaign tables are copies, so they never hold
    on to it. `clusters`: the clusters choosing it, when already read."""
    if template.is_default:
        return ValidationError(_("This is the organisation's default template: make another "
                                 "one the default first."), code="template_default")
    if clusters is None:
        clusters = [c.cluster for c in ClusterTemplate.objects.filter(
            template=template).select_related("cluster")]
    if clusters:
        return ValidationError(_("Clusters start from this template: %(clusters)s. Choose "
                                 "another template for them first.")
                               % {"clusters": ", ".join(c.name for c in clusters)},
                               code="template_in_use")
    return None


@transaction.atomic
def template_delete(*, template):
    template = CriteriaTable.objects.select_for_update().get(pk=template.pk)
    _template_of(template.organisation, template)
    refusal = template_delete_refusal(template)
    if refusal is not None:
        raise refusal
    with audit_action("template.delete", table=template.name):
        template.delete()


@transaction.atomic
def template_set_default(*, template):
    """Make this the template clusters without a choice of their own start from."""
    template = CriteriaTable.objects.select_for_update().get(pk=template.pk)
    _template_of(template.organisation, template)
    with audit_action("template.default", table=template.name):
        return _set_default(template)


def _set_default(template):
    for other in CriteriaTable.objects.filter(organisation=template.organisation_id,
                                              is_default=True).exclude(pk=template.pk):
        other.is_default = False
        other.save()  # one by one, so the audit trail shows the change
    template.is_default = True
    template.save()
    return template


@transaction.atomic
def cluster_template_set(*, cluster, template):
    """The template the cluster's next criteria tables start from; None: the default."""
    if template is None:
        with audit_action("cluster.template", table=_("the default template")):
            for choice in ClusterTemplate.objects.filter(cluster=cluster):
                choice.delete()
        return None
    _template_of(cluster.organisation, template)
    with audit_action("cluster.template", table=template.name):
        choice, _created = ClusterTemplate.objects.update_or_create(
            cluster=cluster, defaults={"template": template})
    return choice


@transaction.atomic
@audit_action("campaign.launch")
def campaign_launch(*, campaign):
    """Launch the campaign with everything the year's work needs, all or nothing: the
    pledges (campaigns), both reports of every member unit (reports) and the criteria
    table (scoring), so that no page has to create them when it is first opened.

    It lives here because scoring is the lowest layer that may import all three apps."""
    check_open(campaign)
    campaign = campaign_services.campaign_launch(campaign=campaign)
    report_services.reports_create(campaign=campaign)
    table_for_campaign(campaign=campaign)
    return campaign


@transaction.atomic
@audit_action("campaign.copy_next_year")
def campaign_next_year(*, campaign):
    """Next year's campaign created from this closed one (campaigns.services
    .campaign_copy_next_year: texts, milestones a year on, the targets) with this year's
    criteria table copied. Here for the same reason as the launch: the table is scoring's."""
    copy = campaign_services.campaign_copy_next_year(campaign=campaign)
    table_for_campaign(campaign=copy)
    return copy


@transaction.atomic
def table_for_campaign(*, campaign):
    """The campaign's table: a copy of the template the secretariat chose for the cluster;
    without a choice, of the cluster's table of last year if there is one, else of the
    organisation's default template."""
    existing = CriteriaTable.objects.filter(campaign=campaign).first()
    if existing:
        return existing
    check_open(campaign)
    choice = ClusterTemplate.objects.filter(cluster=campaign.cluster).select_related(
        "template").first()
    source = (choice.template if choice else None) \
        or CriteriaTable.objects.filter(campaign__cluster=campaign.cluster,
                                        campaign__year=campaign.year - 1).first() \
        or template_ensure(organisation=campaign.cluster.organisation)
    return table_copy(source=source, campaign=campaign)


@audit_action("table.copy")
def table_copy(*, source, campaign):
    return _copy_contents(source, CriteriaTable(
        organisation=source.organisation, campaign=campaign,
        name=_("Criteria table %(year)s – %(cluster)s") % {"year": campaign.year,
                                                            "cluster": campaign.cluster}))


@transaction.atomic
def table_load_template(*, table, template):
    """Replace an unlocked campaign table's rules and rows with a template's (the
    secretariat chose a template for the cluster after the launch had copied another)."""
    table = CriteriaTable.objects.select_for_update().get(pk=table.pk)
    editable(table)
    _template_of(table.organisation, template)
    with audit_action("table.load_template", table=template.name):
        table.tie_break_group = None
        table.save()
        for group in table.groups.all():
            group.delete()
        for item in table.adjustments.all():
            item.delete()
        return _copy_contents(template, table)


def _copy_contents(source, table):
    """Save `table` (unsaved and named, or emptied) with the settings, groups, criteria and
    items of `source`."""
    for field in ("bonus_cap", "penalty_cap", "bands", "contest_days", "mode",
                  "total_points"):
        setattr(table, field, copy.deepcopy(getattr(source, field)))
    table.save()
    groups = {}
    for group in source.groups.prefetch_related("criteria"):
        groups[group.pk] = CriterionGroup.objects.create(table=table, code=group.code,
                                                         name=group.name, order=group.order)
        for criterion in group.criteria.all():
            Criterion.objects.create(
                group=groups[group.pk], code=criterion.code, name=criterion.name,
                max_points=criterion.max_points, guide=criterion.guide, order=criterion.order,
                evidence_required=criterion.evidence_required,
                from_targets=criterion.from_targets)
    for item in source.adjustments.all():
        Adjustment.objects.create(table=table, kind=item.kind, name=item.name,
                                  points=item.points, disqualifying=item.disqualifying,
                                  order=item.order)
    if source.tie_break_group_id in groups:
        table.tie_break_group = groups[source.tie_break_group_id]
        table.save()
    return table


def _check_table_open(table):
    """A campaign's table is locked with its closed year (templates have no year)."""
    if table.campaign_id:
        check_open(table.campaign)


def table_lock_refusal(table):
    """Why the table's contents and rules cannot change now (a ValidationError), or None.
    The editing page shows it instead of the forms; every service that changes a table
    raises it."""
    if table.campaign_id and (refusal := closed_refusal(table.campaign)) is not None:
        return refusal  # the closed year is locked
    if table.results_locked_at:
        return ValidationError(_("Results are locked: the table can no longer change."),
                               code="results_locked")
    if table.locked_at:
        return ValidationError(_("The criteria table is locked: self-scoring is open. Reopen "
                                 "it first (the reopening is recorded)."), code="table_locked")
    return None


def editable(table):
    refusal = table_lock_refusal(table)
    if refusal is not None:
        raise refusal


def contents_of(table):
    """The table's contents as table_check and table_contents_save take them."""
    groups = [{"pk": g.pk, "key": str(g.pk), "code": g.code, "name": g.name}
              for g in table.groups.all()]
    criteria = [{"pk": c.pk, "group": str(c.group_id), "code": c.code, "name": c.name,
                 "max_points": c.max_points, "guide": c.guide,
                 "evidence_required": c.evidence_required, "from_targets": c.from_targets}
                for g in table.groups.all() for c in g.criteria.all()]
    return groups, criteria


def _own_rows(rows, existing, what):
    for row in rows:
        if row.get("pk") is not None and row["pk"] not in existing:
            raise ValidationError(_("The page is out of date (a %(what)s is no longer in the "
                                    "table): reload it. Nothing was saved.") % {"what": what},
                                  code="stale_row")


@transaction.atomic
def table_save(*, table, groups=None, criteria=None, adjustments=None, bands=None):
    """Save the table's rules (caps, standard total, contest days, verification mode,
    tie-break: the fields set on `table`) and, when given, replace its groups, criteria,
    bonus and penalty items and rating bands with these rows — all or nothing, checked
    together by table_check. Each row with a "pk" updates that row (scores already given to
    a criterion stay with it), one without is added, and a row of the table that is not
    listed is deleted. groups: [{"pk", "key", "code", "name"}]; criteria: [{"pk", "group"
    (a group's key), "code", "name", "max_points", "guide", "evidence_required",
    "from_targets"}]; adjustments: [{"pk", "kind", "name", "points", "disqualifying"}];
    bands: [{"name", "min", "no_zero"}]."""
    with audit_action("table.save", table=table.name):
        return _table_save(table, groups, criteria, adjustments, bands)


def _table_save(table, groups, criteria, adjustments, bands):
    _check_table_open(table)
    editable(CriteriaTable.objects.select_for_update().get(pk=table.pk))
    table.full_clean()
    if groups is None:
        groups, criteria = contents_of(table)
        bands = table.bands
    table_check.check_contents(groups=groups, criteria=criteria, bands=bands,
                               total_points=table.total_points, bonus_cap=table.bonus_cap)
    table.save()
    if adjustments is None:
        return table
    old_groups = {g.pk: g for g in table.groups.all()}
    old_criteria = {c.pk: c for c in Criterion.objects.filter(group__table=table)}
    old_items = {a.pk: a for a in table.adjustments.all()}
    _own_rows(groups, old_groups, _("group"))
    _own_rows(criteria, old_criteria, _("criterion"))
    _own_rows(adjustments, old_items, _("bonus or penalty item"))
    kept = {row["pk"] for row in criteria if row.get("pk")}
    for pk in set(old_criteria) - kept:
        old_criteria[pk].delete()
    # Codes are unique per table: park the codes that change, so that two groups may swap.
    for row in groups:
        group = old_groups.get(row.get("pk"))
        if group is not None and group.code != row["code"]:
            group.code = f"~{group.pk}"
            group.save()
    made = {}
    for order, row in enumerate(groups):
        group = old_groups.get(row.get("pk")) or CriterionGroup(table=table)
        group.code, group.name, group.order = row["code"].strip(), row["name"].strip(), order
        group.save()
        made[row["key"]] = group
    for pk in set(old_groups) - {g.pk for g in made.values()}:
        old_groups[pk].delete()
    for order, row in enumerate(criteria):
        criterion = old_criteria.get(row.get("pk")) or Criterion()
        criterion.group = made[row["group"]]
        for field in ("code", "name", "guide"):
            setattr(criterion, field, (row.get(field) or "").strip())
        criterion.max_points = row["max_points"]
        criterion.evidence_required = bool(row.get("evidence_required"))
        criterion.from_targets = bool(row.get("from_targets"))
        criterion.order = order
        criterion.full_clean()
        criterion.save()
    kept = {row["pk"] for row in adjustments if row.get("pk")}
    for pk in set(old_items) - kept:
        old_items[pk].delete()
    for order, row in enumerate(adjustments):
        item = old_items.get(row.get("pk")) or Adjustment(table=table)
        item.kind, item.name = row["kind"], row["name"].strip()
        item.points, item.disqualifying = row["points"], bool(row.get("disqualifying"))
        item.order = order
        item.full_clean()
        item.save()
    table.bands = [{"name": b["name"].strip(), "min": str(Decimal(b["min"])),
                    "no_zero": bool(b.get("no_zero"))}
                   for b in sorted(bands, key=lambda b: Decimal(b["min"]), reverse=True)]
    table.refresh_from_db(fields=["tie_break_group"])
    if table.tie_break_group_id is None and made:
        table.tie_break_group = next(iter(made.values()))
    table.save()
    return table


# --- opening self-scoring ------------------------------------------------------------------

def cross_check_pairs(units, year):
    """(checker, checked) pairs: each unit checked by the unit k places further in the list,
    k rotating with the year. k = n/2 is skipped, since it would pair units both ways."""
    n = len(units)
    shifts = [k for k in range(1, n) if 2 * k != n]
    if not shifts:
        raise ValidationError(_("Cross-checking needs at least three member units."),
                              code="too_few_units")
    k = shifts[year % len(shifts)]
    return [(units[(i + k) % n], units[i]) for i in range(n)]


@transaction.atomic
@audit_action("scoring.open")
def scoring_open(*, table):
    """Lock the table and give every member unit its score sheet."""
    _check_table_open(table)
    table = (CriteriaTable.objects.select_for_update(of=("self",))
             .select_related("campaign").get(pk=table.pk))
    if table.locked_at:
        raise ValidationError(_("Self-scoring is already open."))
    criteria = list(Criterion.objects.filter(group__table=table))
    if not criteria:
        raise ValidationError(_("The table has no criteria."))
    campaign = table.campaign
    units = [m.unit for m in Membership.objects.filter(
        cluster=campaign.cluster, year=campaign.year).select_related("unit").order_by("unit__code")]
    if table.mode == CriteriaTable.Mode.CROSS:
        table.cross_checks.all().delete()
        for checker, checked in cross_check_pairs(units, campaign.year):
            CrossCheck.objects.create(table=table, checker=checker, checked=checked)
    for unit in units:
        sheet, _created = ScoreSheet.objects.get_or_create(table=table, unit=unit)
        have = set(sheet.scores.values_list("criterion_id", flat=True))
        CriterionScore.objects.bulk_create([CriterionScore(sheet=sheet, criterion=c)
                                            for c in criteria if c.pk not in have])
    table.locked_at = timezone.now()
    table.save()
    return table


@transaction.atomic
@audit_action("table.reopen")
def table_reopen(*, table, reason):
    """Unlock the table to change it; recorded with its reason in the audit trail."""
    _check_table_open(table)
    table = CriteriaTable.objects.select_for_update().get(pk=table.pk)
    if not table.locked_at:
        raise ValidationError(_("The table is not locked."))
    if table.results_locked_at:
        raise ValidationError(_("Results are locked: the table can no longer change."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening the table."),
                              code="reopen_reason_required")
    table.locked_at = None
    table.reopened_reason = reason.strip()
    table.save()
    return table


# --- self-scoring --------------------------------------------------------------------------

def _check_score(value, criterion):
    if value is not None and not (0 <= value <= criterion.max_points):
        raise ValidationError(_("%(code)s: the score must be between 0 and %(max)s.")
                              % {"code": criterion.code, "max": criterion.max_points})


def target_completion_score(criterion, sheet):
    """max × min(1, average completion of the unit's pledged targets), from its submitted
    year-end report; 0 when it reported no figure (a report without figures earns nothing)."""
    from reports.models import ReportFigure

    figures = ReportFigure.objects.filter(
        report__campaign=sheet.table.campaign, report__unit=sheet.unit, report__period="yearend",
        report__first_submitted_at__isnull=False, target__isnull=False,
        actual__isnull=False).select_related("target")
    ratios = [min(Decimal(1), f.actual / f.target.target_value) for f in figures]
    if not ratios:
        return Decimal(0)
    return (criterion.max_points * sum(ratios) / len(ratios)).quantize(Decimal("0.01"))


@transaction.atomic
@audit_action("self_score.save")
def self_score_save(*, sheet, scores, claims):
    """scores: {criterion id: {"score", "comment", "evidence" (attachment ids), "note"}};
    claims: {adjustment id: justification} — the claimed bonus and penalty items."""
    _check_table_open(sheet.table)
    sheet = (ScoreSheet.objects.select_for_update(of=("self",))
             .select_related("table").get(pk=sheet.pk))
    if sheet.status != ScoreSheet.Status.DRAFT:
        raise ValidationError(_("The self-scoring has been submitted."))
    if not sheet.table.locked_at:
        raise ValidationError(_("Self-scoring is not open."))
    allowed_evidence = _unit_attachments(sheet)
    for score in sheet.scores.select_related("criterion"):
        data = scores.get(score.criterion_id)
        if data is None:
            continue
        if score.criterion.from_targets:
            score.self_score = target_completion_score(score.criterion, sheet)
        else:
            _check_score(data.get("score"), score.criterion)
            score.self_score = data.get("score")
        score.comment = data.get("comment", "").strip()
        score.evidence_note = data.get("note", "").strip()[:500]
        score.save()
        evidence = set(data.get("evidence", [])) & allowed_evidence
        score.evidence.set(evidence)
    _save_claims(sheet, claims)
    return sheet


def _unit_attachments(sheet):
    from reports.models import ReportAttachment

    return set(ReportAttachment.objects.filter(
        report__campaign=sheet.table.campaign, report__unit=sheet.unit).values_list("pk",
                                                                                    flat=True))


def _save_claims(sheet, claims):
    items = {a.pk: a for a in Adjustment.objects.filter(table=sheet.table)}
    sheet.claims.filter(added_by_verifier=False).exclude(adjustment_id__in=claims).delete()
    for adjustment_id, justification in claims.items():
        if adjustment_id not in items:
            raise ValidationError(_("Unknown bonus or penalty item."))
        AdjustmentClaim.objects.update_or_create(sheet=sheet, adjustment_id=adjustment_id,
                                                 defaults={"justification": justification})
    # Claims may add up to more than the cap (the verifier may refuse some); only the cap
    # counts in the total (scoring.rules.capped), and the sheet shows both figures.


@transaction.atomic
@audit_action("self_score.submit")
def self_score_submit(*, sheet, user, now=None, occurred_on=None):
    """Submit the self-scoring; in recording mode on the day it really was (`occurred_on`),
    which the deadline is checked against."""
    _check_table_open(sheet.table)
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).select_related(
        "table", "table__campaign", "unit").get(pk=sheet.pk)
    now = recording.moment(sheet.table.campaign, occurred_on, default=now)
    if sheet.status != ScoreSheet.Status.DRAFT:
        raise ValidationError(_("The self-scoring has already been submitted."))
    refusal = selectors.self_score_late_refusal(sheet, now=now)
    if refusal:
        raise refusal
    scores = list(sheet.scores.select_related("criterion").prefetch_related("evidence"))
    missing = [s.criterion.code for s in scores if s.self_score is None]
    if missing:
        raise ValidationError(_("Score every criterion: %(codes)s.")
                              % {"codes": ", ".join(missing)})
    no_evidence = [s.criterion.code for s in scores if s.criterion.evidence_required
                   and not s.evidence.all() and not s.evidence_note]
    if no_evidence:
        raise ValidationError(_("Evidence is required for: %(codes)s.")
                              % {"codes": ", ".join(no_evidence)})
    sheet.status = ScoreSheet.Status.SUBMITTED
    sheet.submitted_at, sheet.submitted_by = now, user
    sheet.save()
    recording.log(sheet.table.campaign, action="selfscore_submit", subject=sheet.unit,
                  occurred_on=occurred_on, by=user)
    return sheet


# --- verification --------------------------------------------------------------------------

def verifier_unit(sheet):
    """Who verifies this unit: in cross-check mode its assigned checker; otherwise the head
    unit, except for the head's own unit, which the deputy verifies."""
    table = sheet.table
    if table.mode == CriteriaTable.Mode.CROSS:
        check = CrossCheck.objects.filter(table=table, checked=sheet.unit).select_related(
            "checker").first()
        return check.checker if check else None
    campaign = table.campaign
    head = head_unit(campaign)
    if head is not None and head.pk == sheet.unit_id:
        deputy = Membership.objects.filter(cluster=campaign.cluster, year=campaign.year,
                                           role=Membership.Role.DEPUTY).select_related("unit")
        deputy = deputy.first()
        return deputy.unit if deputy else None
    return head


@transaction.atomic
@audit_action("verify.save")
def verify_save(*, sheet, version, scores, claims, finish=False, user=None, occurred_on=None):
    """scores: {criterion id: (verified score, reason)}; claims: {adjustment id: (accepted,
    reason)} (an id the unit did not claim adds it, e.g. a penalty). Refused when another
    verifier saved since `version` was loaded. In recording mode a finished verification
    takes the day it really was (`occurred_on`)."""
    _check_table_open(sheet.table)
    table = sheet.table
    verified_at = recording.moment(table.campaign, occurred_on) if finish else None
    if table.verification_closed_at or table.results_locked_at:
        raise ValidationError(_("Verification is closed."))
    updated = ScoreSheet.objects.filter(
        pk=sheet.pk, version=version,
        status__in=[ScoreSheet.Status.SUBMITTED, ScoreSheet.Status.VERIFIED],
    ).update(version=F("version") + 1)
    if not updated:
        current = ScoreSheet.objects.get(pk=sheet.pk)
        if current.status not in (ScoreSheet.Status.SUBMITTED, ScoreSheet.Status.VERIFIED):
            raise ValidationError(_("This sheet cannot be verified now."))
        raise ValidationError(_("Someone else saved this score sheet after you opened it. "
                                "Reload the page to see their changes; nothing was saved."),
                              code="stale_version")
    for score in sheet.scores.select_related("criterion"):
        if score.criterion_id not in scores:
            continue
        value, reason = scores[score.criterion_id]
        _check_score(value, score.criterion)
        if value is not None and value != score.self_score and not reason.strip():
            raise ValidationError(_("%(code)s: give the reason for changing the self-score.")
                                  % {"code": score.criterion.code})
        score.verified_score = value
        score.verify_reason = reason.strip() if value != score.self_score else ""
        score.save()
    _verify_claims(sheet, claims)
    if finish:
        missing = sheet.scores.filter(verified_score__isnull=True).count()
        if missing:
            raise ValidationError(_("Verify every criterion before finishing."))
        ScoreSheet.objects.filter(pk=sheet.pk).update(
            status=ScoreSheet.Status.VERIFIED, verified_at=verified_at, verified_by=user)
        recording.log(table.campaign, action="verification", subject=sheet.unit,
                      occurred_on=occurred_on, by=user)
    return ScoreSheet.objects.get(pk=sheet.pk)


def _verify_claims(sheet, claims):
    items = {a.pk: a for a in Adjustment.objects.filter(table=sheet.table)}
    existing = {c.adjustment_id: c for c in sheet.claims.all()}
    for adjustment_id, (accepted, reason) in claims.items():
        if adjustment_id not in items:
            raise ValidationError(_("Unknown bonus or penalty item."))
        claim = existing.get(adjustment_id)
        if claim is None:
            if not accepted:
                continue
            claim = AdjustmentClaim(sheet=sheet, adjustment_id=adjustment_id,
                                    added_by_verifier=True)
        if not accepted and not reason.strip():
            raise ValidationError(_("Give the reason for refusing “%(item)s”.")
                                  % {"item": items[adjustment_id]}, code="refusal_reason_required")
        claim.accepted, claim.verify_reason = accepted, reason.strip()
        claim.save()


# --- contests and the lock -----------------------------------------------------------------

@transaction.atomic
@audit_action("score.contest")
def contest(*, score, reason, now=None):
    """The unit contests one verified criterion, once, within the table's contest days."""
    _check_table_open(score.sheet.table)
    now = now or timezone.now()
    score = CriterionScore.objects.select_for_update(of=("self",)).select_related(
        "sheet", "sheet__table").get(pk=score.pk)
    refusal = selectors.contest_refusal(score, now=now)
    if refusal is not None:
        raise refusal
    if not reason.strip():
        raise ValidationError(_("Give the reason for the contest."))
    score.contest_reason, score.contested_at = reason.strip(), now
    score.save()
    return score


@transaction.atomic
@audit_action("score.contest_resolve")
def contest_resolve(*, score, keep, new_score, reason):
    """The head keeps the verified score or changes it, with a reason."""
    _check_table_open(score.sheet.table)
    score = CriterionScore.objects.select_for_update(of=("self",)).select_related(
        "criterion", "sheet__table").get(pk=score.pk)
    refusal = selectors.resolve_refusal(score)
    if refusal is not None:
        raise refusal
    if not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    value = score.verified_score if keep else new_score
    if value is None:
        raise ValidationError(_("Enter the new score."))
    _check_score(value, score.criterion)
    score.resolved_score, score.resolution_reason = value, reason.strip()
    score.resolved_at = timezone.now()
    score.save()
    return score


@transaction.atomic
@audit_action("results.lock")
def results_lock(*, table):
    """Lock every score: no contest may still be open, every submitted sheet verified."""
    _check_table_open(table)
    table = CriteriaTable.objects.select_for_update().get(pk=table.pk)
    if table.results_locked_at:
        raise ValidationError(_("Results are already locked."))
    if CriterionScore.objects.filter(sheet__table=table, contested_at__isnull=False,
                                     resolved_at__isnull=True).exists():
        raise ValidationError(_("Some contests are still open."), code="contests_open")
    if table.sheets.filter(status=ScoreSheet.Status.SUBMITTED).exists():
        raise ValidationError(_("Some self-scorings are not verified yet."))
    now = timezone.now()
    table.sheets.update(status=ScoreSheet.Status.LOCKED)
    table.verification_closed_at = table.verification_closed_at or now
    table.results_locked_at = now
    table.save()
    results_freeze(table=table)
    table.results_stored = freeze(build_results_document(table),
                                  folder=f"issued/{table.campaign.year}/"
                                         f"{table.campaign.cluster.code}")
    table.save(update_fields=["results_stored"])
    return table


@audit_action("results.freeze")
def results_freeze(*, table):
    """Write the locked table's results as rows, one per unit, computed this once."""
    table = CriteriaTable.objects.select_related("campaign").get(pk=table.pk)
    found = selectors.computed_results([table]).get(table.campaign_id, [])
    LockedResult.objects.filter(table=table).delete()
    LockedResult.objects.bulk_create([LockedResult(
        table=table, unit=r.unit, sheet=r.sheet, position=position, standard=r.standard,
        bonus=r.bonus, penalty=r.penalty, total=r.total, tie_break=r.tie_break,
        rating=r.rating, rank=r.rank, tie_note=r.tie_note, submitted=r.submitted,
        disqualified=r.disqualified, has_zero=r.has_zero,
        scores={str(k): None if v is None else str(v) for k, v in r.scores.items()})
        for position, r in enumerate(found, 1)])
