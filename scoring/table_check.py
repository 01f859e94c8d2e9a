"""The rules a criteria table's contents must keep, in one place: the editing page's forms
(scoring.forms.TableEditor), the services that save them (services.table_contents_save) and
the .xlsx import (table_io) all ask `contents_errors`.

Plain values in, a list of ValidationErrors (each with its code) out, so every rule is
tested on its own (tests/scoring/test_table_check.py):

- groups: [{"key", "code", "name"}]; criteria: [{"group" (a group's key), "code", "name",
  "max_points", …}]; adjustments: [{"kind", "name", "points", …}];
- bands: [{"name", "min", "no_zero"}], in any order (saved from the best down).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from core.spreadsheets import casefold


def _points(value):
    return floatformat(value, "-2")


def _duplicates(values):
    seen, repeated = set(), []
    for value in values:
        key = casefold(str(value).strip())
        if key in seen and value not in repeated:
            repeated.append(value)
        seen.add(key)
    return repeated


def criteria_errors(groups, criteria, *, total_points=None):
    """Codes unique in the table, every criterion in a group that stays, the maxima adding
    up to the table's standard total when it has one."""
    errors = []
    repeated = _duplicates(g["code"] for g in groups)
    if repeated:
        errors.append(ValidationError(
            _("Two groups have the same code: %(codes)s. Give each group its own code.")
            % {"codes": ", ".join(repeated)}, code="duplicate_group_code"))
    repeated = _duplicates(c["code"] for c in criteria)
    if repeated:
        errors.append(ValidationError(
            _("Two criteria have the same code: %(codes)s. Codes are unique in the whole "
              "table.") % {"codes": ", ".join(repeated)}, code="duplicate_criterion_code"))
    keys = {g["key"] for g in groups}
    orphans = [c["code"] for c in criteria if c["group"] not in keys]
    if orphans:
        errors.append(ValidationError(
            _("Criteria %(codes)s belong to a group that is being deleted: move or delete "
              "them first.") % {"codes": ", ".join(orphans)}, code="group_in_use"))
    if not criteria:
        errors.append(ValidationError(_("The table needs at least one criterion."),
                                      code="no_criteria"))
    total = sum((c["max_points"] for c in criteria), Decimal(0))
    if total_points is not None and criteria and total != total_points:
        errors.append(ValidationError(
            _("The maxima of the criteria add up to %(sum)s points, not the table's "
              "standard total of %(total)s: correct a maximum or the standard total.")
            % {"sum": _points(total), "total": _points(total_points)},
            code="max_total_mismatch"))
    return errors


def bands_errors(bands, *, reachable=None):
    """At least two bands, distinct names, distinct minima (ordered from the best down, no
    two bands overlap), the lowest starting at 0 (every total gets a rating), and the best
    one reachable (`reachable`: the maxima plus the bonus cap)."""
    errors = []
    if len(bands) < 2:
        errors.append(ValidationError(_("Give at least two rating bands."),
                                      code="too_few_bands"))
        return errors
    repeated = _duplicates(b["name"] for b in bands)
    if repeated:
        errors.append(ValidationError(
            _("Two rating bands have the same name: %(names)s.")
            % {"names": ", ".join(repeated)}, code="duplicate_band_name"))
    # Saved from the best band down (services sort them), so bands may be typed in any
    # order; two bands starting at the same total would overlap.
    bands = sorted(bands, key=lambda b: Decimal(b["min"]), reverse=True)
    minima = [Decimal(b["min"]) for b in bands]
    if any(m < 0 for m in minima):
        errors.append(ValidationError(_("A band's minimum total cannot be negative."),
                                      code="band_negative"))
    for higher, lower in zip(bands, bands[1:], strict=False):
        if Decimal(lower["min"]) == Decimal(higher["min"]):
            errors.append(ValidationError(
                _("Bands overlap: “%(lower)s” and “%(higher)s” both start at %(min)s. Each "
                  "band needs its own minimum total.")
                % {"lower": lower["name"], "higher": higher["name"],
                   "min": _points(lower["min"])}, code="bands_overlap"))
    if minima[-1] > 0:
        errors.append(ValidationError(
            _("The lowest band (“%(name)s”) must start at 0, so that every total gets a "
              "rating.") % {"name": bands[-1]["name"]}, code="lowest_band_not_zero"))
    if reachable is not None and max(minima) > reachable:
        errors.append(ValidationError(
            _("No unit can reach “%(name)s”: its minimum %(min)s is above the %(max)s points "
              "a unit can score (maxima and bonus cap).")
            % {"name": bands[minima.index(max(minima))]["name"], "min": _points(max(minima)),
               "max": _points(reachable)}, code="band_unreachable"))
    return errors


def contents_errors(*, groups, criteria, bands, total_points=None, bonus_cap=Decimal(0)):
    """Every rule of a table's contents at once (the page lists them all)."""
    reachable = sum((c["max_points"] for c in criteria), Decimal(0)) + (bonus_cap or 0) \
        if criteria else None
    return (criteria_errors(groups, criteria, total_points=total_points)
            + bands_errors(bands, reachable=reachable))


def check_contents(**contents):
    """Raise the rules' errors together, or return quietly (for the services)."""
    errors = contents_errors(**contents)
    if errors:
        raise ValidationError(errors)
