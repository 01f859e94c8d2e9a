"""Import and export of the registry (one row per unit-membership) with django-import-export.

The file format (Vietnamese headers) is fixed by the secretariats' existing spreadsheets.
Import is all or nothing: `validate_rows` checks every row and every rule across rows first;
`RegistryResource` then creates the clusters, units and representatives the valid rows need
and lets import-export write the memberships inside one transaction, which it rolls back on
a dry run (the preview) or when any row is invalid.
"""

import csv
import functools
import io
import logging
import re
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX

from clusters.models import Cluster, Membership, Unit
from core.audit import field_changes, log_bulk, snapshot
from core.spreadsheets import casefold, clean_cell, escape_formula, read_rows, xlsx_rows
from members.models import Representative
from members.services import users_get_or_invite

logger = logging.getLogger(__name__)

H_UNIT_CODE = "Mã đơn vị"
H_UNIT_NAME = "Tên đơn vị"
H_UNIT_SHORT = "Tên viết tắt"
H_CLUSTER_CODE = "Mã cụm"
H_CLUSTER_NAME = "Tên cụm"
H_KIND = "Loại"
H_YEAR = "Năm"
H_ROLE = "Vai trò"
H_REP_NAME = "Người đại diện"
H_REP_EMAIL = "Email người đại diện"
HEADERS = [H_UNIT_CODE, H_UNIT_NAME, H_UNIT_SHORT, H_CLUSTER_CODE, H_CLUSTER_NAME, H_KIND,
           H_YEAR, H_ROLE, H_REP_NAME, H_REP_EMAIL]
REQUIRED = [H_UNIT_CODE, H_UNIT_NAME, H_CLUSTER_CODE, H_CLUSTER_NAME, H_KIND, H_YEAR, H_ROLE]

KINDS = {"cụm": Cluster.Kind.CUM, "khối": Cluster.Kind.KHOI}
KIND_LABELS = {Cluster.Kind.CUM: "Cụm", Cluster.Kind.KHOI: "Khối"}
ROLES = {
    "cụm trưởng": Membership.Role.HEAD, "khối trưởng": Membership.Role.HEAD,
    "cụm phó": Membership.Role.DEPUTY, "khối phó": Membership.Role.DEPUTY,
    "thành viên": Membership.Role.MEMBER,
}
ROLE_LABELS = {
    (Cluster.Kind.CUM, Membership.Role.HEAD): "Cụm trưởng",
    (Cluster.Kind.CUM, Membership.Role.DEPUTY): "Cụm phó",
    (Cluster.Kind.KHOI, Membership.Role.HEAD): "Khối trưởng",
    (Cluster.Kind.KHOI, Membership.Role.DEPUTY): "Khối phó",
}
CODE_PATTERN = re.compile(r"^[-\w]+$")
CLUSTER_NUMBER = re.compile(r"số\s+(\S+)\s*$", re.IGNORECASE)


class RegistryFileError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, wrong headers, too long)."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code


# --- reading ----------------------------------------------------------------------------

def read_dataset(content, file_name):
    """A tablib Dataset from .xlsx or .csv bytes; RegistryFileError when it is neither.

    The file is read as little as it takes to refuse it: an .xlsx's declared size first,
    then the header row, then at most REGISTRY_IMPORT_MAX_ROWS + 1 rows (core.spreadsheets).
    """
    name = file_name.lower()
    limit = settings.REGISTRY_IMPORT_MAX_ROWS
    if content.startswith(b"PK\x03\x04"):
        rows = functools.partial(xlsx_rows, max_rows=limit)
    elif name.endswith(".csv") and b"\x00" not in content[:4096]:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RegistryFileError(_("The CSV file must be saved with UTF-8 encoding.")) from None
        content, rows = text, _csv_rows
    else:
        raise RegistryFileError(
            _("The file is not a spreadsheet: upload an .xlsx or .csv file."))
    try:
        headers, data = read_rows(rows(content), check_header=_check_header, max_rows=limit)
    except ValidationError as error:
        raise RegistryFileError(error.messages[0], code=error.error_list[0].code) from None
    if not data:
        raise RegistryFileError(_("The file has no data rows."))
    return tablib.Dataset(*data, headers=[clean_cell(h) for h in headers])


def _check_header(header):
    headers = [clean_cell(h) for h in header]
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise ValidationError(_("Missing columns: %(columns)s.")
                              % {"columns": ", ".join(missing)})


def _csv_rows(text):
    """The CSV's rows, read one at a time; empty lines are skipped (as tablib does)."""
    try:
        for row in csv.reader(io.StringIO(text)):
            if row:
                yield row
    except csv.Error:
        raise ValidationError(_("The CSV file cannot be read.")) from None


# --- validating -------------------------------------------------------------------------

@dataclass
class ParsedRow:
    line: int  # the spreadsheet's own line number (the header is line 1)
    unit_code: str
    unit_name: str
    unit_short: str
    cluster_code: str
    cluster_name: str
    kind: str
    year: int
    role: str
    rep_name: str
    rep_email: str


@dataclass
class Validation:
    rows: dict = field(default_factory=dict)  # line → ParsedRow, for every valid row
    errors: dict = field(default_factory=dict)  # line → [message]
    blank_lines: set = field(default_factory=set)

    def add(self, line, message):
        self.errors.setdefault(line, []).append(message)
        self.rows.pop(line, None)


def validate_rows(dataset, organisation):
    """Check every row, then the rules across rows and against the database."""
    result = Validation()
    for index, values in enumerate(dataset.dict):
        line = index + 2
        cells = {header: clean_cell(values.get(header)) for header in HEADERS}
        if not any(cells.values()):
            result.blank_lines.add(line)
            continue
        row, messages = _parse_row(line, cells)
        if messages:
            result.errors[line] = messages
        else:
            result.rows[line] = row
    _check_consistency(result)
    _check_against_database(result, organisation)
    return result


def _parse_row(line, cells):
    messages = [_("Column “%(column)s” is empty.") % {"column": h} for h in REQUIRED
                if not cells[h]]
    for header in (H_UNIT_CODE, H_CLUSTER_CODE):
        if cells[header] and not CODE_PATTERN.match(cells[header]):
            messages.append(_("“%(value)s” in column “%(column)s” may contain only letters, "
                              "digits, - and _.") % {"value": cells[header], "column": header})
    kind = KINDS.get(casefold(cells[H_KIND]))
    if cells[H_KIND] and kind is None:
        messages.append(_("Unknown kind “%(value)s”: use Cụm or Khối.") % {"value": cells[H_KIND]})
    role = ROLES.get(casefold(cells[H_ROLE]))
    if cells[H_ROLE] and role is None:
        messages.append(_("Unknown role “%(value)s”: use Cụm trưởng, Cụm phó, Khối trưởng, "
                          "Khối phó or Thành viên.") % {"value": cells[H_ROLE]})
    year = None
    if cells[H_YEAR]:
        year = int(cells[H_YEAR]) if cells[H_YEAR].isdigit() else None
        if year is None or not settings.PORTAL_YEAR_MIN <= year <= settings.PORTAL_YEAR_MAX:
            messages.append(_("Year “%(value)s” is not between %(min)s and %(max)s.")
                            % {"value": cells[H_YEAR], "min": settings.PORTAL_YEAR_MIN,
                               "max": settings.PORTAL_YEAR_MAX})
    if cells[H_REP_EMAIL]:
        try:
            validate_email(cells[H_REP_EMAIL])
        except ValidationError:
            messages.append(_("“%(value)s” is not a valid e-mail address.")
                            % {"value": cells[H_REP_EMAIL]})
    for header, limit in ((H_UNIT_NAME, 255), (H_CLUSTER_NAME, 255), (H_UNIT_SHORT, 80),
                          (H_UNIT_CODE, 40), (H_CLUSTER_CODE, 40), (H_REP_NAME, 150)):
        if len(cells[header]) > limit:
            messages.append(_("Column “%(column)s” is longer than %(limit)s characters.")
                            % {"column": header, "limit": limit})
    if messages:
        return None, messages
    return ParsedRow(line=line, unit_code=cells[H_UNIT_CODE], unit_name=cells[H_UNIT_NAME],
                     unit_short=cells[H_UNIT_SHORT], cluster_code=cells[H_CLUSTER_CODE],
                     cluster_name=cells[H_CLUSTER_NAME], kind=kind, year=year, role=role,
                     rep_name=cells[H_REP_NAME], rep_email=cells[H_REP_EMAIL]), []


def _check_consistency(result):
    """Rules across rows: one description per code, one cluster per unit and year."""
    first_cluster, first_unit, unit_year = {}, {}, {}
    for line, row in sorted(result.rows.items()):
        cluster_key = row.cluster_code.casefold()
        seen = first_cluster.setdefault(cluster_key, row)
        if (seen.cluster_name, seen.kind) != (row.cluster_name, row.kind):
            result.add(line, _("Cluster %(code)s has another name or kind on line %(line)s.")
                       % {"code": row.cluster_code, "line": seen.line})
            continue
        seen = first_unit.setdefault(row.unit_code.casefold(), row)
        if (seen.unit_name, seen.unit_short) != (row.unit_name, row.unit_short):
            result.add(line, _("Unit %(code)s has another name on line %(line)s.")
                       % {"code": row.unit_code, "line": seen.line})
            continue
        seen = unit_year.setdefault((row.unit_code.casefold(), row.year), row)
        if seen is not row:
            if seen.cluster_code.casefold() == cluster_key:
                message = _("Repeats line %(line)s.") % {"line": seen.line}
            else:
                message = _("Unit %(unit)s is already in cluster %(cluster)s in %(year)s "
                            "(line %(line)s): a unit belongs to one cluster a year.") % {
                    "unit": row.unit_code, "cluster": seen.cluster_code, "year": row.year,
                    "line": seen.line}
            result.add(line, message)


def _check_against_database(result, organisation):
    """Merged units, and one head / one deputy per cluster and year in the final state."""
    units = {u.code.casefold(): u for u in Unit.objects.filter(organisation=organisation)}
    for line, row in list(result.rows.items()):
        unit = units.get(row.unit_code.casefold())
        if unit is not None and not unit.accepts_membership_in(row.year):
            result.add(line, _("Unit %(unit)s merged on %(date)s and takes no membership in "
                               "%(year)s.") % {"unit": row.unit_code, "year": row.year,
                                               "date": unit.merged_on.strftime("%d/%m/%Y")})
    years = {row.year for row in result.rows.values()}
    file_unit_years = {(row.unit_code.casefold(), row.year) for row in result.rows.values()}
    leaders = {}  # (cluster code, year, role) → [(line or None, unit code)]
    stored = (Membership.objects.filter(cluster__organisation=organisation, year__in=years)
              .exclude(role=Membership.Role.MEMBER).select_related("unit", "cluster"))
    for membership in stored:
        if (membership.unit.code.casefold(), membership.year) not in file_unit_years:
            key = (membership.cluster.code.casefold(), membership.year, membership.role)
            leaders.setdefault(key, []).append((None, membership.unit.code))
    for line, row in sorted(result.rows.items()):
        if row.role != Membership.Role.MEMBER:
            key = (row.cluster_code.casefold(), row.year, row.role)
            leaders.setdefault(key, []).append((line, row.unit_code))
    for (cluster_code, year, role), holders in leaders.items():
        if len(holders) < 2:
            continue
        names = ", ".join(code for _line, code in holders)
        if role == Membership.Role.HEAD:
            message = _("Cluster %(cluster)s has more than one head in %(year)s: %(units)s.")
        else:
            message = _("Cluster %(cluster)s has more than one deputy in %(year)s: %(units)s.")
        for line, _code in holders:
            if line is not None:
                result.add(line, message % {"cluster": cluster_code, "year": year,
                                            "units": names})


# --- writing ----------------------------------------------------------------------------

class RegistryResource(resources.ModelResource):
    """Memberships, with the unit's, cluster's and representative's columns beside them."""

    unit_code = fields.Field(attribute="unit__code", column_name=H_UNIT_CODE)
    unit_name = fields.Field(attribute="unit__name", column_name=H_UNIT_NAME, readonly=True)
    unit_short = fields.Field(attribute="unit__short_name", column_name=H_UNIT_SHORT,
                              readonly=True)
    cluster_code = fields.Field(attribute="cluster__code", column_name=H_CLUSTER_CODE)
    cluster_name = fields.Field(attribute="cluster__name", column_name=H_CLUSTER_NAME,
                                readonly=True)
    kind = fields.Field(column_name=H_KIND, readonly=True)
    # A number in the sheet, not the text "2026" (Excel flags text years and sorts them apart).
    year_col = fields.Field(attribute="year", column_name=H_YEAR,
                            widget=widgets.IntegerWidget(coerce_to_string=False))
    role_col = fields.Field(column_name=H_ROLE)
    rep_name = fields.Field(column_name=H_REP_NAME, readonly=True)
    rep_email = fields.Field(column_name=H_REP_EMAIL, readonly=True)

    class Meta:
        model = Membership
        fields = ("unit_code", "unit_name", "unit_short", "cluster_code", "cluster_name", "kind",
                  "year_col", "role_col", "rep_name", "rep_email")
        export_order = fields
        import_id_fields = ("unit_code", "year_col")
        skip_diff = True
        skip_unchanged = False
        # Bulk writes: per-row saves cost ~8 round trips each (22 s for 10,000 rows on
        # PostgreSQL). Audit entries for bulk writes are written by after_import.
        use_bulk = True
        batch_size = 1000

    def __init__(self, organisation, validation=None):
        super().__init__()
        self.organisation = organisation
        self.validation = validation
        self.created_representatives = 0
        self.statuses = {}  # line → import-export's import type ("new", "update", …)
        self._line = None
        self._audit = []  # (membership, snapshot before the import or None when new)

    # export ------------------------------------------------------------------------

    def get_export_queryset(self, request=None):
        voters = Representative.objects.select_related("user").order_by(
            "-is_designated_voter", "pk")
        return (Membership.objects.filter(cluster__organisation=self.organisation)
                .select_related("unit", "cluster")
                .prefetch_related(Prefetch("unit__representatives", queryset=voters))
                .order_by("-year", "cluster__code", "role", "unit__code"))

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def dehydrate_kind(self, membership):
        return KIND_LABELS[membership.cluster.kind]

    def dehydrate_role_col(self, membership):
        return ROLE_LABELS.get((membership.cluster.kind, membership.role), "Thành viên")

    def _voter(self, membership):
        representatives = membership.unit.representatives.all()
        return representatives[0] if representatives else None

    def dehydrate_rep_name(self, membership):
        voter = self._voter(membership)
        return voter.user.full_name if voter else ""

    def dehydrate_rep_email(self, membership):
        voter = self._voter(membership)
        return voter.user.email if voter else ""

    # import ------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        if self.validation is None:
            self.validation = validate_rows(dataset, self.organisation)
        rows = self.validation.rows.values()
        self.clusters = _upsert_clusters(self.organisation, rows)
        self.units = _upsert_units(self.organisation, rows)
        self.created_representatives = _add_representatives(self.units, rows)
        self.memberships = {
            (m.unit_id, m.year): m for m in
            Membership.objects.filter(cluster__organisation=self.organisation,
                                      year__in={row.year for row in rows})
            .select_related("cluster")
        }
        _clear_leader_roles_moving(self.memberships, self.units, rows)

    def before_import_row(self, row, **kwargs):
        self._line = kwargs["row_number"] + 1
        messages = self.validation.errors.get(self._line)
        if messages:
            raise ValidationError(messages)

    def after_import(self, dataset, result, **kwargs):
        if result.has_errors() or result.has_validation_errors():
            return  # everything is rolled back: nothing to record
        log_bulk([(m, field_changes(m)) for m, before in self._audit if before is None],
                 created=True)
        log_bulk([(m, field_changes(m, before)) for m, before in self._audit if before],
                 created=False)

    def after_import_row(self, row, row_result, **kwargs):
        self.statuses[self._line] = row_result.import_type

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return self._line in self.validation.blank_lines

    def get_instance(self, instance_loader, row):
        parsed = self.validation.rows.get(self._line)
        if parsed is None:
            return None
        unit = self.units[parsed.unit_code.casefold()]
        return self.memberships.get((unit.pk, parsed.year))

    def get_bulk_update_fields(self):
        return ["cluster", "role"]  # unit and year identify the row

    def import_instance(self, instance, row, **kwargs):
        parsed = self.validation.rows.get(self._line)
        if parsed is None:
            return
        self._audit.append((instance, snapshot(instance) if instance.pk else None))
        instance.unit = self.units[parsed.unit_code.casefold()]
        instance.cluster = self.clusters[parsed.cluster_code.casefold()]
        instance.year = parsed.year
        instance.role = parsed.role


def _upsert_clusters(organisation, rows):
    def describe(cluster, row):
        cluster.name, cluster.kind = row.cluster_name, row.kind
        match = CLUSTER_NUMBER.search(row.cluster_name)
        if match and not cluster.number:
            cluster.number = match.group(1)

    return _upsert(Cluster, organisation, rows, lambda row: row.cluster_code,
                   lambda c, row: (c.name, c.kind) == (row.cluster_name, row.kind), describe,
                   ["name", "kind", "number"])


def _upsert_units(organisation, rows):
    def describe(unit, row):
        unit.name, unit.short_name = row.unit_name, row.unit_short

    return _upsert(Unit, organisation, rows, lambda row: row.unit_code,
                   lambda u, row: (u.name, u.short_name) == (row.unit_name, row.unit_short),
                   describe, ["name", "short_name"])


def _upsert(model, organisation, rows, code_of, same, describe, fields):
    """Create or update the organisation's rows of `model` named by code in the file,
    in bulk and audited. Returns {casefolded code: instance}."""
    existing = {obj.code.casefold(): obj for obj in model.objects.filter(
        organisation=organisation)}
    created, updated = {}, {}
    for row in rows:
        key = code_of(row).casefold()
        obj = existing.get(key)
        if obj is None:
            obj = existing[key] = created[key] = model(organisation=organisation,
                                                        code=code_of(row))
        elif key in created or key in updated or same(obj, row):
            continue
        else:
            updated[key] = (obj, snapshot(obj))
        describe(obj, row)
    model.objects.bulk_create(created.values(), batch_size=1000)
    model.objects.bulk_update([obj for obj, _ in updated.values()], fields, batch_size=1000)
    log_bulk([(obj, field_changes(obj)) for obj in created.values()], created=True)
    log_bulk([(obj, field_changes(obj, before)) for obj, before in updated.values()],
             created=False)
    return existing


def _add_representatives(units, rows):
    """Create (and invite) the representatives named in the file; returns how many are new."""
    wanted = {(row.unit_code.casefold(), row.rep_email.casefold()): row
              for row in rows if row.rep_email}
    if not wanted:
        return 0
    unit_ids = {units[code].pk for code, _email in wanted}
    present = {(unit_id, email.casefold()) for unit_id, email in Representative.objects.filter(
        unit_id__in=unit_ids).values_list("unit_id", "user__email")}
    has_voter = set(Representative.objects.filter(unit_id__in=unit_ids, is_designated_voter=True)
                    .values_list("unit_id", flat=True))
    missing = {key: row for key, row in wanted.items()
               if (units[key[0]].pk, key[1]) not in present}
    users = users_get_or_invite({row.rep_email: row.rep_name for row in missing.values()})
    representatives = []
    for (unit_code, email), _row in missing.items():
        unit = units[unit_code]
        representatives.append(Representative(user=users[email], unit=unit,
                                              is_designated_voter=unit.pk not in has_voter))
        has_voter.add(unit.pk)
    Representative.objects.bulk_create(representatives, batch_size=1000)
    log_bulk([(r, field_changes(r)) for r in representatives], created=True)
    return len(missing)


def _clear_leader_roles_moving(memberships, units, rows):
    """Demote stored heads/deputies whose role the file changes, before any row is written,
    so that swapping head and deputy never meets the one-head constraint half-way."""
    for row in rows:
        membership = memberships.get((units[row.unit_code.casefold()].pk, row.year))
        if (membership is not None and membership.role != Membership.Role.MEMBER
                and (membership.role != row.role
                     or membership.cluster.code.casefold() != row.cluster_code.casefold())):
            membership.role = Membership.Role.MEMBER
            membership.save()


# --- the service the views and commands call --------------------------------------------

@dataclass
class ImportReport:
    total_rows: int = 0
    new: int = 0
    updated: int = 0
    representatives: int = 0
    file_error: str = ""
    file_error_code: str = ""  # the refusal's code, when it came from core.spreadsheets
    errors: list = field(default_factory=list)  # [(line, [messages])]
    preview: list = field(default_factory=list)  # first rows: [(line, status, values)]

    @property
    def ok(self):
        return not self.file_error and not self.errors

    def as_dict(self):
        return {"total_rows": self.total_rows, "new": self.new, "updated": self.updated,
                "representatives": self.representatives, "file_error": self.file_error,
                "errors": self.errors, "preview": self.preview}


PREVIEW_ROWS = 50


def registry_import(*, organisation, content, file_name, dry_run):
    """Validate and (unless dry_run) apply a registry file; nothing is written on any error."""
    report = ImportReport()
    try:
        dataset = read_dataset(content, file_name)
    except RegistryFileError as error:
        report.file_error, report.file_error_code = str(error), error.code or ""
        return report
    validation = validate_rows(dataset, organisation)
    resource = RegistryResource(organisation, validation)
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True,
                                  rollback_on_validation_errors=True)
    report.total_rows = len(dataset) - len(validation.blank_lines)
    report.errors = sorted((line, list(messages)) for line, messages in validation.errors.items())
    for error_row in result.row_errors():
        line, errors = error_row[0] + 1, error_row[1]
        logger.error("registry import: unexpected error on line %s: %s", line, errors[0].error)
        report.errors.append((line, [_("Unexpected error on this row; nothing was saved.")]))
    for error in result.base_errors:
        logger.error("registry import failed: %s", error.error)
        report.file_error = _("The import failed unexpectedly; nothing was saved.")
    report.new = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.representatives = resource.created_representatives
    report.preview = [
        (row.line, resource.statuses.get(row.line, ""), [
            row.unit_code, row.unit_name, row.cluster_code, row.year,
            ROLE_LABELS.get((row.kind, row.role), "Thành viên"), row.rep_email])
        for row in list(validation.rows.values())[:PREVIEW_ROWS]
    ]
    if report.errors:
        report.new = report.updated = report.representatives = 0
    return report


def registry_export(*, organisation, year=None, file_format="xlsx"):
    """The registry as .xlsx or .csv bytes, in the import format."""
    resource = RegistryResource(organisation)
    queryset = resource.get_export_queryset()
    if year is not None:
        queryset = queryset.filter(year=year)
    dataset = resource.export(queryset=queryset)
    return _serialise(dataset, file_format)


def registry_template(file_format="xlsx"):
    return _serialise(tablib.Dataset(headers=HEADERS), file_format)


SHEET_TITLE = "Danh sách cụm và đơn vị"  # tablib's default would be "Tablib Dataset"


def _serialise(dataset, file_format):
    dataset.title = SHEET_TITLE
    if file_format == "csv":
        return ("\ufeff" + CSV().export_data(dataset)).encode("utf-8")  # BOM: Excel reads UTF-8
    buffer = io.BytesIO(XLSX().export_data(dataset))
    return buffer.getvalue()
