"""A criteria table as .xlsx: one row per criterion or bonus/penalty item.

Import replaces the groups, criteria and items of an unlocked table, all or nothing: every
wrong row is reported with its spreadsheet line and nothing changes.
"""

import io
from decimal import Decimal, InvalidOperation

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_action
from core.spreadsheets import casefold, clean_cell, escape_formula, read_rows, xlsx_rows
from scoring import table_check
from scoring.models import Adjustment, CriteriaTable, Criterion, CriterionGroup
from scoring.services import editable

HEADERS = ["Loại", "Mã nhóm", "Tên nhóm", "Mã", "Nội dung", "Điểm", "Hướng dẫn chấm",
           "Cần minh chứng", "Tính từ chỉ tiêu", "Vi phạm loại trừ"]
KIND_CRITERION, KIND_BONUS, KIND_PENALTY = "Tiêu chí", "Điểm cộng", "Điểm trừ"
KINDS = {casefold(KIND_CRITERION): "criterion", casefold(KIND_BONUS): "bonus",
         casefold(KIND_PENALTY): "penalty"}
YES, NO = "Có", "Không"


def export_table(table):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Bảng tiêu chí"
    sheet.append(HEADERS)
    for group in table.groups.prefetch_related("criteria"):
        for c in group.criteria.all():
            sheet.append([escape_formula(v) for v in (
                KIND_CRITERION, group.code, group.name, c.code, c.name, float(c.max_points),
                c.guide, YES if c.evidence_required else NO, YES if c.from_targets else NO, NO)])
    for item in table.adjustments.all():
        sheet.append([escape_formula(v) for v in (
            KIND_BONUS if item.kind == "bonus" else KIND_PENALTY, "", "", "", item.name,
            float(item.points), "", NO, NO, YES if item.disqualifying else NO)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _check_header(header):
    if [clean_cell(h) for h in header[:len(HEADERS)]] != HEADERS:
        raise ValidationError(_("The first row must hold the columns: %(columns)s.")
                              % {"columns": ", ".join(HEADERS)})


def _rows(content):
    """The data rows, streamed: the file's size, then its header, then at most the row
    limit plus one row are read (core.spreadsheets)."""
    limit = settings.SCORING_TABLE_MAX_ROWS
    _header, rows = read_rows(xlsx_rows(content, max_rows=limit), check_header=_check_header,
                              max_rows=limit)
    return rows


def _points(text):
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


def parse(content):
    """([group rows], [criterion rows], [item rows]) or a ValidationError listing every
    wrong line."""
    groups, criteria, items, errors = {}, [], [], []
    for line, raw in enumerate(_rows(content), start=2):
        cells = dict(zip(HEADERS, (clean_cell(v) for v in raw), strict=False))
        if not any(cells.values()):
            continue
        kind = KINDS.get(casefold(cells.get("Loại", "")))
        points = _points(cells.get("Điểm", ""))
        problems = []
        if kind is None:
            problems.append(_("unknown kind “%(value)s” (Tiêu chí, Điểm cộng, Điểm trừ)")
                            % {"value": cells.get("Loại", "")})
        if points is None:
            problems.append(_("points must be a number above 0"))
        if not cells.get("Nội dung"):
            problems.append(_("the content is empty"))
        if kind == "criterion" and not (cells.get("Mã nhóm") and cells.get("Mã")):
            problems.append(_("a criterion needs a group code and a code"))
        if problems:
            errors.append(ValidationError(_("Row %(line)s: %(problems)s."), code="bad_row",
                                          params={"line": line, "problems": "; ".join(problems)}))
            continue
        flag = {name: casefold(cells.get(name, "")) == casefold(YES)
                for name in ("Cần minh chứng", "Tính từ chỉ tiêu", "Vi phạm loại trừ")}
        if kind == "criterion":
            groups.setdefault(cells["Mã nhóm"], cells.get("Tên nhóm") or cells["Mã nhóm"])
            criteria.append({"group": cells["Mã nhóm"], "code": cells["Mã"],
                             "name": cells["Nội dung"], "max_points": points,
                             "guide": cells.get("Hướng dẫn chấm", ""),
                             "evidence_required": flag["Cần minh chứng"],
                             "from_targets": flag["Tính từ chỉ tiêu"]})
        else:
            items.append({"kind": kind, "name": cells["Nội dung"], "points": points,
                          "disqualifying": flag["Vi phạm loại trừ"]})
    if not errors and not criteria:
        errors.append(ValidationError(_("The file has no criterion."), code="no_criteria"))
    if errors:
        raise ValidationError(errors)
    return groups, criteria, items


@transaction.atomic
def import_table(table, content):
    """Replace the contents of an unlocked table (a campaign's or a template) with the
    file's, all or nothing, under the same rules as the editing page (table_check)."""
    with audit_action("table.import", table=table.name):
        return _import(table, content)


def _import(table, content):
    table = CriteriaTable.objects.select_for_update().get(pk=table.pk)
    editable(table)
    groups, criteria, items = parse(content)
    table_check.check_contents(
        groups=[{"key": code, "code": code, "name": name} for code, name in groups.items()],
        criteria=criteria, bands=table.bands, total_points=table.total_points,
        bonus_cap=table.bonus_cap)
    table.tie_break_group = None
    table.save()
    table.groups.all().delete()
    table.adjustments.all().delete()
    made = {}
    for order, (code, name) in enumerate(groups.items()):
        made[code] = CriterionGroup.objects.create(table=table, code=code, name=name,
                                                   order=order)
    for order, data in enumerate(criteria):
        Criterion.objects.create(group=made[data.pop("group")], order=order, **data)
    for order, data in enumerate(items):
        Adjustment.objects.create(table=table, order=order, **data)
    table.tie_break_group = next(iter(made.values()))
    table.save()
    return table
