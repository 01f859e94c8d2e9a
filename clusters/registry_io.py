"""Import and export of the registry (one row per unit-membership).

The file format (Vietnamese headers) is fixed by the secretariats' existing spreadsheets.
Import is all or nothing and set-based, so that 10,000 rows take well under a second:
`validate_rows` checks every row and every rule across rows and against the database (the
stored units and leaders read with one query each); `registry_import` then writes clusters,
units, people, representatives, memberships and their audit entries with one statement per
table (core.bulk, core.audit.log_rows) inside one transaction, which a dry run (the preview)
rolls back. Export goes through django-import-export (`RegistryResource`).
"""

import csv
import functools
import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX

from clusters.models import Cluster, Membership, Unit
from core.audit import field_changes, log_bulk, log_rows, snapshot
from core.bulk import gc_paused, insert_objects, insert_rows, update_rows
from core.spreadsheets import casefold, clean_cell, escape_formula, read_rows, xlsx_rows
from members.models import Representative, User
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

@dataclass
class Sheet:
    headers: list  # cleaned header texts
    rows: list  # lists of raw cell values, as wide as the header

    def __len__(self):
        return len(self.rows)


def read_dataset(content, file_name):
    """The Sheet of .xlsx or .csv bytes; RegistryFileError when it is neither.

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
    return Sheet(headers=[clean_cell(h) for h in headers], rows=data)


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
    # The last of two same-named columns counts, as it did when rows were read as dicts.
    position = {header: index for index, header in enumerate(dataset.headers)}
    columns = [(header, position.get(header)) for header in HEADERS]
    for index, values in enumerate(dataset.rows):
        line = index + 2
        cells = {header: "" if at is None else clean_cell(values[at]) for header, at in columns}
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


_LIMITS = ((H_UNIT_NAME, 255), (H_CLUSTER_NAME, 255), (H_UNIT_SHORT, 80), (H_UNIT_CODE, 40),
           (H_CLUSTER_CODE, 40), (H_REP_NAME, 150))


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
    for header, limit in _LIMITS:
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
    """Export: memberships, with the unit's, cluster's and representative's columns."""

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

    def __init__(self, organisation):
        super().__init__()
        self.organisation = organisation

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
    """Create or update the organisation's rows of `model` named by code in the file, one
    statement each way, audited. Returns {casefolded code: instance}."""
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
    if created:
        insert_objects(created.values())
        keys = dict(model.objects.filter(organisation=organisation).values_list("code", "pk"))
        for obj in created.values():
            obj.pk = keys[obj.code]
            obj._state.adding = False
    update_rows(model, fields, [[getattr(obj, f) for f in fields] + [obj.pk]
                                for obj, _before in updated.values()])
    log_bulk([(obj, field_changes(obj)) for obj in created.values()], created=True)
    log_bulk([(obj, field_changes(obj, before)) for obj, before in updated.values()],
             created=False)
    return existing


def _add_representatives(organisation, units, rows):
    """Create (and invite) the representatives named in the file; returns how many are new.
    The first one of a unit without a designated voter becomes its voter."""
    wanted = {(row.unit_code.casefold(), row.rep_email.casefold()): row
              for row in rows if row.rep_email}
    if not wanted:
        return 0
    present, has_voter = set(), set()
    for unit_id, email, voter in Representative.objects.filter(
            unit__organisation=organisation).values_list(
            "unit_id", "user__email", "is_designated_voter"):
        present.add((unit_id, email.casefold()))
        if voter:
            has_voter.add(unit_id)
    missing = {key: row for key, row in wanted.items()
               if (units[key[0]].pk, key[1]) not in present}
    if not missing:
        return 0
    users = users_get_or_invite({row.rep_email: row.rep_name for row in missing.values()})
    new = []  # (unit, user id, designated voter)
    for (unit_code, email), _row in missing.items():
        unit = units[unit_code]
        new.append((unit, users[email], unit.pk not in has_voter))
        has_voter.add(unit.pk)
    insert_rows(Representative, ["unit_id", "user_id", "is_designated_voter", "position"],
                [(unit.pk, user_id, voter, "") for unit, user_id, voter in new])
    keys = {(unit_id, user_id): pk for unit_id, user_id, pk in Representative.objects.filter(
        unit__organisation=organisation).values_list("unit_id", "user_id", "pk")}
    # str(user): the full name, else the username (members.models.User.__str__).
    names = {pk: full_name or username for pk, full_name, username in User.objects.filter(
        pk__in=[user_id for _u, user_id, _v in new]).values_list("pk", "full_name", "username")}
    # The entries a Representative save would get (core.audit.instance_data): its unit and
    # organisation; the repr is "<person> – <unit>".
    log_rows(Representative, [
        (keys[(unit.pk, user_id)], f"{names[user_id]} – {unit}", {
            "id": ["None", str(keys[(unit.pk, user_id)])], "user": ["None", str(user_id)],
            "unit": ["None", str(unit.pk)],
            "is_designated_voter": ["None", str(voter)], "position": ["None", ""]},
         {"organisation_id": organisation.pk, "unit_id": unit.pk})
        for unit, user_id, voter in new], created=True)
    return len(new)


def _write_memberships(organisation, clusters, units, rows):
    """Insert the new memberships and update the changed ones, one statement each, with
    their audit entries. Returns {line: "new" | "update"}."""
    years = {row.year for row in rows}
    stored = {(unit_id, year): (pk, cluster_id, role) for pk, unit_id, year, cluster_id, role
              in Membership.objects.filter(cluster__organisation=organisation, year__in=years)
              .values_list("pk", "unit_id", "year", "cluster_id", "role")}
    # Keys and names looked up once per code, not through model attributes per row.
    unit_of = {code: (unit.pk, unit.name) for code, unit in units.items()}
    cluster_of = {code: (cluster.pk, cluster.name) for code, cluster in clusters.items()}
    statuses, new, changed, demoted = {}, [], [], []
    for row in rows:
        unit = unit_of[row.unit_code.casefold()]
        cluster = cluster_of[row.cluster_code.casefold()]
        before = stored.get((unit[0], row.year))
        if before is None:
            statuses[row.line] = "new"
            new.append((row.year, row.role, unit, cluster))
            continue
        statuses[row.line] = "update"
        pk, cluster_id, role = before
        if (cluster_id, role) == (cluster[0], row.role):
            continue
        changed.append((pk, row.year, row.role, unit, cluster, cluster_id, role))
        if role != Membership.Role.MEMBER:
            # Demote every moving head/deputy before any row is written, so that swapping
            # head and deputy never meets the one-head constraint half-way.
            demoted.append((Membership.Role.MEMBER, pk))
    update_rows(Membership, ["role"], demoted)
    update_rows(Membership, ["cluster_id", "role"],
                [(cluster[0], role, pk) for pk, _y, role, _u, cluster, _c, _r in changed])
    insert_rows(Membership, ["cluster_id", "unit_id", "year", "role"],
                [(cluster[0], unit[0], year, role) for year, role, unit, cluster in new])
    org = organisation.pk
    if new:
        keys = {(unit_id, year): pk for unit_id, year, pk in Membership.objects.filter(
            cluster__organisation=organisation, year__in=years).values_list(
            "unit_id", "year", "pk")}
        # The entries a Membership save would get (core.audit.instance_data): its scope and
        # its role; the repr is Membership.__str__'s.
        log_rows(Membership, [
            (pk, f"{unit_name} – {cluster_name} ({year})", {
                "id": ["None", str(pk)], "cluster": ["None", str(cluster_id)],
                "unit": ["None", str(unit_id)],
                "year": ["None", str(year)], "role": ["None", role]},
             {"organisation_id": org, "cluster_id": cluster_id, "unit_id": unit_id,
              "facts": {"role": role}})
            for year, role, (unit_id, unit_name), (cluster_id, cluster_name) in new
            for pk in (keys[(unit_id, year)],)],
            created=True)
    log_rows(Membership, [
        (pk, f"{unit_name} – {cluster_name} ({year})",
         {name: [str(old), str(value)] for name, old, value in (
             ("cluster", old_cluster, cluster_id), ("role", old_role, role)) if old != value},
         {"organisation_id": org, "cluster_id": cluster_id, "unit_id": unit_id,
          "facts": {"role": role}})
        for pk, year, role, (unit_id, unit_name), (cluster_id, cluster_name), old_cluster,
        old_role in changed], created=False)
    return statuses


class _DryRun(Exception):
    """Raised inside the import's transaction to roll a preview back."""


def _write(organisation, validation):
    rows = list(validation.rows.values())
    clusters = _upsert_clusters(organisation, rows)
    units = _upsert_units(organisation, rows)
    representatives = _add_representatives(organisation, units, rows)
    statuses = _write_memberships(organisation, clusters, units, rows)
    return statuses, representatives


def _statuses_without_writing(organisation, validation):
    """What each valid row would be, for the preview of a file that has errors."""
    rows = validation.rows.values()
    stored = set(Membership.objects.filter(
        cluster__organisation=organisation, year__in={row.year for row in rows}).values_list(
        "unit__code", "year"))
    stored = {(code.casefold(), year) for code, year in stored}
    return {row.line: "update" if (row.unit_code.casefold(), row.year) in stored else "new"
            for row in rows}


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
    with gc_paused():
        return _import(organisation, content, file_name, dry_run)


def _import(organisation, content, file_name, dry_run):
    report = ImportReport()
    try:
        dataset = read_dataset(content, file_name)
    except RegistryFileError as error:
        report.file_error, report.file_error_code = str(error), error.code or ""
        return report
    validation = validate_rows(dataset, organisation)
    report.total_rows = len(dataset) - len(validation.blank_lines)
    report.errors = sorted((line, list(messages)) for line, messages in validation.errors.items())
    statuses = {}
    if report.errors:
        statuses = _statuses_without_writing(organisation, validation)
    else:
        try:
            with transaction.atomic():
                statuses, report.representatives = _write(organisation, validation)
                if dry_run:
                    raise _DryRun  # the preview runs every write, then takes them back
        except _DryRun:
            pass
        except DatabaseError:
            logger.exception("registry import failed")
            report.file_error = _("The import failed unexpectedly; nothing was saved.")
            statuses, report.representatives = {}, 0
    counts = Counter(statuses.values())
    report.new, report.updated = counts["new"], counts["update"]
    report.preview = [
        (row.line, statuses.get(row.line, ""), [
            row.unit_code, row.unit_name, row.cluster_code, row.year,
            ROLE_LABELS.get((row.kind, row.role), "Thành viên"), row.rep_email])
        for row in list(validation.rows.values())[:PREVIEW_ROWS]
    ]
    if not report.ok:
        report.new = report.updated = report.representatives = 0
    return report


def registry_export(*, organisation, year=None, file_format="xlsx"):
    """The registry as .xlsx or .csv bytes, in the import format."""
    resource = RegistryResource(organisation)
    queryset = resource.get_export_queryset()
    if year is not None:
        queryset = queryset.filter(year=year)
    # A list, not the queryset: import-export pages a prefetching queryset 100 rows at a time
    # (two queries per 100 memberships); the whole registry is read in two.
    dataset = resource.export(queryset=list(queryset))
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
