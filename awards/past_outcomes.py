"""A past year's outcome, from the secretariat's spreadsheet, so that a unit's history starts
before the portal did: per row a unit's year in a cluster (its role), its total, rating and
rank, and at most one award with the decision's number and date.

All or nothing: every row is checked first, with every existing record it depends on read in
a few set-based queries; one wrong row refuses the file with that row's Vietnamese message and
nothing is written. A year the portal ran for that cluster (a campaign exists) is refused:
its figures come from the portal's own locked results."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import AwardDecision, AwardGrant
from campaigns.models import AwardType, Campaign
from clusters.models import Cluster, Membership, Unit
from core.audit import audit_action
from core.spreadsheets import casefold, clean_cell, read_rows, xlsx_rows
from scoring.models import RecordedResult

HEADERS = ["Năm", "Mã cụm", "Mã đơn vị", "Vai trò", "Tổng điểm", "Xếp loại", "Xếp hạng",
           "Khen thưởng", "Số quyết định", "Ngày quyết định", "Cơ quan ban hành"]
ROLES = {"": Membership.Role.MEMBER, casefold("Thành viên"): Membership.Role.MEMBER,
         casefold("Cụm trưởng"): Membership.Role.HEAD,
         casefold("Khối trưởng"): Membership.Role.HEAD,
         casefold("Cụm phó"): Membership.Role.DEPUTY,
         casefold("Khối phó"): Membership.Role.DEPUTY}
EARLIEST_YEAR = 2000


@dataclass
class OutcomeRow:
    number: int  # the row's number in the file (the header is row 1)
    year: int
    cluster: Cluster
    unit: Unit
    role: str
    total: Decimal | None
    rating: str
    rank: int | None
    award: AwardType | None = None
    award_name: str = ""
    decision_number: str = ""
    decision_date: datetime.date | None = None
    issuer: str = ""

    @property
    def role_label(self):
        return Membership.Role(self.role).label

    @property
    def has_result(self):
        return self.total is not None or bool(self.rating) or self.rank is not None


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)  # [(row number, message)]
    rows: int = 0
    memberships: int = 0
    results: int = 0
    decisions: int = 0
    grants: int = 0
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors


def template_xlsx():
    """The header and one example row, as the .xlsx the secretariat fills in."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kết quả các năm trước"
    sheet.append(HEADERS)
    sheet.append([2023, "CTĐ1", "HLG-01", "Cụm trưởng", "97,5", "Xuất sắc", 1, "Cờ thi đua",
                  "125/QĐ-HLG", "28/12/2023", "Trung ương Hội"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _check_header(header):
    found = [casefold(clean_cell(cell)) for cell in header]
    if found[:len(HEADERS)] != [casefold(name) for name in HEADERS]:
        raise ValidationError(_("The first row must hold the columns: %(columns)s.")
                              % {"columns": ", ".join(HEADERS)}, code="bad_header")


def read_file(content, filename):
    """The data rows (lists of cells as wide as the header) of an .xlsx or .csv file."""
    limit = settings.REGISTRY_IMPORT_MAX_ROWS
    if filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("Save the CSV file as UTF-8."), code="not_utf8") from None
        rows = iter(csv.reader(io.StringIO(text)))
    else:
        rows = xlsx_rows(content, max_rows=limit)
    _header, body = read_rows(rows, check_header=_check_header, max_rows=limit)
    return body


def _text(cell):
    return clean_cell(cell) if cell is not None else ""


def _whole_number(cell):
    """A year or a rank: 2023, "2023" or 2023.0 as the spreadsheet stored it; else None."""
    text = _text(cell)
    try:
        number = float(text.replace(",", ".")) if text else None
    except ValueError:
        return None
    return int(number) if number is not None and number.is_integer() else None


def _decimal(cell):
    if isinstance(cell, (int, float, Decimal)) and not isinstance(cell, bool):
        value = Decimal(str(cell))
    else:
        text = _text(cell).replace(" ", "")
        if not text:
            return None
        # Vietnamese writes 97,5 (and 1.234,5): the comma is the decimal sign.
        try:
            value = Decimal(text.replace(".", "").replace(",", ".")) if "," in text \
                else Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    if not value.is_finite() or value < 0 or value >= 100000:
        raise ValueError
    return value.quantize(Decimal("0.01"))


def _date(cell):
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = _text(cell)
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


class _Lookups:
    """Everything the rows refer to, read once for the whole file."""

    def __init__(self, organisation, raw):
        self.organisation = organisation
        self.clusters = {casefold(c.code): c for c in Cluster.objects.filter(
            organisation=organisation)}
        codes = {casefold(_text(r[2])) for r in raw}
        self.units = {casefold(u.code): u for u in Unit.objects.filter(organisation=organisation)
                      if casefold(u.code) in codes}
        self.awards = {}
        for award in AwardType.objects.filter(organisation=organisation):
            self.awards[casefold(award.code)] = award
            self.awards[casefold(award.name)] = award
        years = {y for r in raw if (y := _whole_number(r[0]))}
        self.memberships = {(m.unit_id, m.year): m for m in Membership.objects.filter(
            unit__in=self.units.values(), year__in=years)}
        self.leaders = {(m.cluster_id, m.year, m.role): m.unit_id for m in
                        Membership.objects.filter(cluster__organisation=organisation,
                                                  year__in=years)
                        .exclude(role=Membership.Role.MEMBER)}
        self.campaign_years = set(Campaign.objects.filter(
            cluster__organisation=organisation, year__in=years)
            .values_list("cluster_id", "year"))
        self.recorded = set(RecordedResult.objects.filter(
            unit__in=self.units.values(), year__in=years).values_list("unit_id", "year"))
        numbers = {_text(r[8]) for r in raw if _text(r[8])}
        self.decisions = {d.number: d for d in AwardDecision.objects.filter(
            organisation=organisation, number__in=numbers).prefetch_related("grants")}


def _parse(raw, number, lookups, this_year):
    """One row as an OutcomeRow, or raise ValueError with the row's message."""
    year = _whole_number(raw[0])
    if year is None or not EARLIEST_YEAR <= year < this_year:
        raise ValueError(_("Năm must be a year from %(first)s to %(last)s.")
                         % {"first": EARLIEST_YEAR, "last": this_year - 1})
    cluster = lookups.clusters.get(casefold(_text(raw[1])))
    if cluster is None:
        raise ValueError(_("No cluster of the organisation has the code “%(code)s”.")
                         % {"code": _text(raw[1])})
    unit = lookups.units.get(casefold(_text(raw[2])))
    if unit is None:
        raise ValueError(_("No unit of the organisation has the code “%(code)s”.")
                         % {"code": _text(raw[2])})
    if (cluster.pk, year) in lookups.campaign_years:
        raise ValueError(_("%(cluster)s ran %(year)s on the portal: its results come from "
                           "there.") % {"cluster": cluster.name, "year": year})
    role = ROLES.get(casefold(_text(raw[3])))
    if role is None:
        raise ValueError(_("Vai trò must be Cụm trưởng, Cụm phó, Khối trưởng, Khối phó or "
                           "Thành viên."))
    try:
        total = _decimal(raw[4])
    except ValueError:
        raise ValueError(_("Tổng điểm must be a number such as 97,5.")) from None
    rank = _whole_number(raw[6])
    if _text(raw[6]) and (rank is None or rank < 1):
        raise ValueError(_("Xếp hạng must be a whole number from 1."))
    rating = _text(raw[5])[:60]
    row = OutcomeRow(number, year, cluster, unit, role, total, rating, rank)
    _parse_award(row, raw, lookups)
    return row


def _parse_award(row, raw, lookups):
    name, decision_number = _text(raw[7]), _text(raw[8])[:40]
    if not (name or decision_number or _text(raw[9])):
        return
    row.award = lookups.awards.get(casefold(name))
    if row.award is None:
        raise ValueError(_("Khen thưởng “%(name)s” is not in the award catalogue (give its "
                           "name or code).") % {"name": name})
    if not decision_number:
        raise ValueError(_("Give the decision's number (Số quyết định) for the award."))
    try:
        row.decision_date = _date(raw[9])
    except ValueError:
        row.decision_date = None
    if row.decision_date is None or not row.year <= row.decision_date.year <= row.year + 1:
        raise ValueError(_("Ngày quyết định must be a date (dd/mm/yyyy) in %(year)s or the "
                           "year after.") % {"year": row.year})
    row.award_name, row.decision_number = name, decision_number
    row.issuer = _text(raw[10])[:255] or lookups.organisation.name


def _check_consistency(rows, lookups, errors):
    """Rules across rows and against the records already there."""
    seen, leaders, decisions = {}, dict(lookups.leaders), {}
    for row in rows:
        membership = lookups.memberships.get((row.unit.pk, row.year))
        if membership is not None and membership.cluster_id != row.cluster.pk:
            errors.append((row.number, _("%(unit)s was a member of another cluster in "
                                         "%(year)s.") % {"unit": row.unit.name,
                                                         "year": row.year}))
        earlier = seen.setdefault((row.unit.pk, row.year), row)
        if earlier is not row and row.has_result and (row.cluster, row.total, row.rating,
                                                      row.rank) != (earlier.cluster,
                                                                    earlier.total,
                                                                    earlier.rating, earlier.rank):
            errors.append((row.number, _("This unit's %(year)s figures differ from row "
                                         "%(row)s.") % {"year": row.year, "row": earlier.number}))
        if earlier is row and row.has_result and (row.unit.pk, row.year) in lookups.recorded:
            errors.append((row.number, _("The %(year)s result of %(unit)s is already "
                                         "recorded.") % {"year": row.year,
                                                         "unit": row.unit.name}))
        if row.role != Membership.Role.MEMBER and membership is None:
            holder = leaders.setdefault((row.cluster.pk, row.year, row.role), row.unit.pk)
            if holder != row.unit.pk:
                errors.append((row.number, _("%(cluster)s already has its %(role)s for "
                                             "%(year)s.") % {"cluster": row.cluster.name,
                                                             "role": row.role_label,
                                                             "year": row.year}))
        if row.award is not None:
            _check_decision(row, lookups, decisions, errors)


def _check_decision(row, lookups, decisions, errors):
    key = (row.award.pk, row.year, row.decision_date, row.issuer)
    existing = lookups.decisions.get(row.decision_number)
    if existing is not None:
        same = (existing.award_id, existing.year, existing.signed_on) == key[:3]
        if not same:
            errors.append((row.number, _("Decision %(number)s is already recorded for another "
                                         "award, year or date.")
                           % {"number": row.decision_number}))
        elif any(grant.unit_id == row.unit.pk for grant in existing.grants.all()):
            errors.append((row.number, _("Decision %(number)s already awards %(unit)s.")
                           % {"number": row.decision_number, "unit": row.unit.name}))
        return
    if decisions.setdefault(row.decision_number, key) != key:
        errors.append((row.number, _("Rows with decision %(number)s must give the same award, "
                                     "date and issuer.") % {"number": row.decision_number}))


def validate(organisation, raw_rows, *, this_year):
    """(rows, errors) of the file's data rows; blank rows are skipped."""
    raw_rows = [r for r in raw_rows if any(_text(cell) for cell in r)]
    lookups = _Lookups(organisation, raw_rows)
    rows, errors = [], []
    for number, raw in enumerate(raw_rows, 2):
        raw = list(raw) + [None] * (len(HEADERS) - len(raw))
        try:
            rows.append(_parse(raw, number, lookups, this_year))
        except ValueError as error:
            errors.append((number, str(error)))
    if not errors:
        _check_consistency(rows, lookups, errors)
    return rows, lookups, errors


def _write(rows, lookups, by, report):
    new_memberships = {}
    for row in rows:
        if (row.unit.pk, row.year) not in lookups.memberships:
            new_memberships.setdefault((row.unit.pk, row.year), Membership(
                cluster=row.cluster, unit=row.unit, year=row.year, role=row.role))
    Membership.objects.bulk_create(new_memberships.values())
    results = {}
    for row in rows:
        if row.has_result:
            results.setdefault((row.unit.pk, row.year), RecordedResult(
                cluster=row.cluster, unit=row.unit, year=row.year, total=row.total,
                rating=row.rating, rank=row.rank, imported_by=by))
    RecordedResult.objects.bulk_create(results.values())
    decisions, grants = dict(lookups.decisions), []
    for row in rows:
        if row.award is None:
            continue
        decision = decisions.get(row.decision_number)
        if decision is None:
            decision = decisions[row.decision_number] = AwardDecision.objects.create(
                organisation=lookups.organisation, award=row.award, award_name=row.award_name,
                year=row.year, number=row.decision_number, signed_on=row.decision_date,
                issuer=row.issuer, recorded_by=by, imported=True)
            report.decisions += 1
        grants.append(AwardGrant(decision=decision, unit=row.unit))
    AwardGrant.objects.bulk_create(grants)
    report.memberships, report.results, report.grants = len(new_memberships), len(results), \
        len(grants)


@transaction.atomic
@audit_action("past_outcomes.import")
def past_outcomes_import(*, organisation, content, filename, by, this_year, dry_run=False):
    """Check the whole file, then write it at once (or, with dry_run, only check it)."""
    report = ImportReport(dry_run=dry_run)
    rows, lookups, report.errors = validate(organisation, read_file(content, filename),
                                            this_year=this_year)
    report.rows = len(rows)
    if report.errors:
        return report
    _write(rows, lookups, by, report)
    if dry_run:
        transaction.set_rollback(True)
    return report
