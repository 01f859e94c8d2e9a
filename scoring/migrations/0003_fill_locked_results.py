"""Freeze the results of tables locked before LockedResult existed.

The reading is written here against the historical models (a migration must not depend on
today's models, which may have columns this database does not have yet); the arithmetic is
scoring.rules, the same pure functions the portal uses."""

from django.db import migrations
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    from scoring import rules

    CriteriaTable = apps.get_model("scoring", "CriteriaTable")
    LockedResult = apps.get_model("scoring", "LockedResult")
    Membership = apps.get_model("clusters", "Membership")
    for table in CriteriaTable.objects.filter(results_locked_at__isnull=False,
                                              campaign__isnull=False,
                                              locked_results__isnull=True).select_related(
            "campaign"):
        sheets = {s.unit_id: s for s in table.sheets.all()}
        found = []
        for membership in Membership.objects.filter(
                cluster_id=table.campaign.cluster_id, year=table.campaign.year) \
                .select_related("unit"):
            sheet = sheets.get(membership.unit_id)
            result = rules.Result(unit=membership.unit, sheet=sheet)
            if sheet is not None:
                result.submitted = sheet.status != "draft"
                for criterion_id, group_id, final in sheet.scores.values_list(
                        "criterion_id", "criterion__group_id",
                        Coalesce("resolved_score", "verified_score", "self_score")):
                    result.scores[criterion_id] = final
                    final = final or rules.ZERO
                    result.standard += final
                    result.has_zero = result.has_zero or final == 0
                    result.group_scores[group_id] = result.group_scores.get(
                        group_id, rules.ZERO) + final
                counted = [c for c in sheet.claims.select_related("adjustment")
                           if c.accepted is not False]
                result.bonus = rules.capped([c.adjustment.points for c in counted
                                             if c.adjustment.kind == "bonus"], table.bonus_cap)
                result.penalty = rules.capped([c.adjustment.points for c in counted
                                               if c.adjustment.kind == "penalty"],
                                              table.penalty_cap)
                result.disqualified = any(c.adjustment.disqualifying for c in counted)
                result.tie_break = result.group_scores.get(table.tie_break_group_id,
                                                           rules.ZERO)
            result.rating = rules.rating_for(result, table.bands)
            found.append(result)
        LockedResult.objects.bulk_create([LockedResult(
            table=table, unit=r.unit, sheet=r.sheet, position=position, standard=r.standard,
            bonus=r.bonus, penalty=r.penalty, total=r.total, tie_break=r.tie_break,
            rating=r.rating, rank=r.rank, tie_note=r.tie_note, submitted=r.submitted,
            disqualified=r.disqualified, has_zero=r.has_zero,
            scores={str(k): None if v is None else str(v) for k, v in r.scores.items()})
            for position, r in enumerate(rules.rank(found), 1)])


def empty(apps, schema_editor):
    apps.get_model("scoring", "LockedResult").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0002_locked_result"), ("clusters", "0001_initial")]

    operations = [migrations.RunPython(fill, empty)]
