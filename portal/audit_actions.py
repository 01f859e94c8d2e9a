"""The audit trail's catalogue: action codes (recorded by the services with
`@audit_action(code)`, core/audit.py) → a short name and a sentence in the reader's language.

Placeholders a sentence may use, filled from the entry as it was written:
{unit} {cluster} the unit and cluster the entry belongs to; {head} "Cụm trưởng"/"Khối trưởng"
of that cluster; {period} "sơ kết"/"tổng kết" from the saved object; {object} the object as it
was named when written; {model} its kind; {n} the how-manieth time this action was recorded for
the object (submission 2); and any `params` the service passed.

An entry with an unknown code (a service added before its sentence) or with no code reads as
the generic sentence of its kind: "Tạo báo cáo", "Sửa bảng điểm".
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AuditAction:
    label: str  # short, for the filter and the export
    sentence: str


ACTIONS = {
    # registry (the secretariat)
    "organisation.save": AuditAction(_("Organisation settings saved"),
                                     _("The secretariat saved the organisation's settings")),
    "cluster.save": AuditAction(_("Cluster saved"), _("The secretariat saved {cluster}")),
    "unit.save": AuditAction(_("Unit saved"), _("The secretariat saved the unit {unit}")),
    "membership.set": AuditAction(_("Unit placed in a cluster"),
                                  _("The secretariat placed {unit} in {cluster}")),
    "membership.copy_year": AuditAction(
        _("Memberships copied to the next year"),
        _("The secretariat copied the clusters' members to the next year")),
    "unit.merge": AuditAction(_("Units merged"), _("The secretariat merged the unit {unit}")),
    "registry.import": AuditAction(_("Registry imported"),
                                   _("The secretariat imported the registry from a spreadsheet")),
    # people
    "user.invite": AuditAction(_("Account created"), _("Account created for {object}")),
    "representative.add": AuditAction(_("Representative added"),
                                      _("A representative was added to {unit}")),
    "representative.set_voter": AuditAction(_("Designated voter chosen"),
                                            _("The designated voter of {unit} was chosen")),
    "representative.remove": AuditAction(_("Representative removed"),
                                         _("A representative of {unit} was removed")),
    # the campaign year
    "award_catalogue.ensure": AuditAction(_("Award catalogue updated"),
                                          _("The catalogue of awards was updated")),
    "campaign.save": AuditAction(_("Campaign plan saved"),
                                 _("The campaign plan of {cluster} was saved")),
    "campaign.launch": AuditAction(_("Campaign launched"),
                                   _("The campaign of {cluster} was launched")),
    "campaign.close_period": AuditAction(_("Report period closed"),
                                         _("A report period of {cluster} was closed")),
    "campaign.close": AuditAction(_("Year closed"), _("The year of {cluster} was closed")),
    "campaign.copy_next_year": AuditAction(
        _("Next year's campaign created"),
        _("Next year's campaign of {cluster} was created from this one")),
    "deadline.extend": AuditAction(_("Deadline extended"), _("A deadline was extended for {unit}")),
    "pledge.save": AuditAction(_("Pledge saved"), _("Unit {unit} saved its pledge")),
    "pledge.sign": AuditAction(_("Pledge signed"), _("Unit {unit} signed its pledge")),
    "pledge.finalise": AuditAction(_("Pledges finalised"),
                                   _("{head} finalised the pledges of {cluster}")),
    # reports
    "report.create": AuditAction(_("Report opened"), _("The {period} report of {unit} was opened")),
    "report.save": AuditAction(_("Report saved"), _("Unit {unit} saved its {period} report")),
    "report.submit": AuditAction(_("Report submitted"),
                                 _("Unit {unit} submitted its {period} report, submission {n}")),
    "report.return": AuditAction(_("Report returned"),
                                 _("{head} returned the {period} report of {unit}")),
    "report.accept": AuditAction(_("Report accepted"),
                                 _("{head} accepted the {period} report of {unit}")),
    "report.remind": AuditAction(_("Unit reminded"), _("{head} reminded {unit}")),
    "summary.save": AuditAction(_("Cluster summary saved"),
                                _("The {period} summary of {cluster} was saved")),
    "summary.issue": AuditAction(_("Cluster summary issued"),
                                 _("The {period} summary of {cluster} was issued")),
    "summary.correct": AuditAction(_("Cluster summary corrected"),
                                   _("The {period} summary of {cluster} was corrected")),
    # scoring
    "table.copy": AuditAction(_("Criteria table created"),
                              _("The criteria table of {cluster} was created")),
    "table.settings": AuditAction(_("Criteria table settings saved"),
                                  _("The criteria table settings of {cluster} were saved")),
    "table.save": AuditAction(_("Criteria table edited"),
                              _("The criteria table “{table}” was edited on the page")),
    "table.import": AuditAction(_("Criteria table imported"),
                                _("The criteria table “{table}” was imported from a spreadsheet")),
    "table.load_template": AuditAction(
        _("Criteria table replaced by a template"),
        _("The criteria table of {cluster} was replaced by the template “{table}”")),
    "template.create": AuditAction(_("Criteria template created"),
                                   _("The criteria template “{table}” was created")),
    "template.copy": AuditAction(_("Criteria template copied"),
                                 _("The criteria template “{source}” was copied as “{table}”")),
    "template.rename": AuditAction(_("Criteria template renamed"),
                                   _("The criteria template “{old}” was renamed “{table}”")),
    "template.delete": AuditAction(_("Criteria template deleted"),
                                   _("The criteria template “{table}” was deleted")),
    "template.default": AuditAction(
        _("Default criteria template chosen"),
        _("“{table}” became the organisation's default criteria template")),
    "cluster.template": AuditAction(_("Criteria template of a cluster chosen"),
                                    _("{cluster} now starts its criteria tables from “{table}”")),
    "scoring.open": AuditAction(_("Scoring opened"), _("Scoring was opened in {cluster}")),
    "table.reopen": AuditAction(_("Criteria table reopened"),
                                _("The criteria table of {cluster} was reopened")),
    "self_score.save": AuditAction(_("Self-scores saved"), _("Unit {unit} saved its self-scores")),
    "self_score.submit": AuditAction(_("Score sheet submitted"),
                                     _("Unit {unit} submitted its score sheet")),
    "verify.save": AuditAction(_("Score sheet verified"),
                               _("The score sheet of {unit} was verified")),
    "score.contest": AuditAction(_("Score contested"), _("Unit {unit} contested a score")),
    "score.contest_resolve": AuditAction(_("Contest resolved"),
                                         _("{head} resolved a contest of {unit}")),
    "results.lock": AuditAction(_("Scores locked"), _("The scores of {cluster} were locked")),
    "results.freeze": AuditAction(_("Results recorded"),
                                  _("The results of {cluster} were recorded")),
    # awards
    "nomination.draft": AuditAction(_("Nomination drafted"),
                                    _("A nomination of {unit} was drafted from the vote")),
    "nomination.save": AuditAction(_("Nomination saved"), _("The nomination of {unit} was saved")),
    "nomination.submit": AuditAction(_("Nomination submitted"),
                                     _("The nomination of {unit} was submitted to the council")),
    "nomination.approve": AuditAction(_("Nomination approved"),
                                      _("The secretariat approved the nomination of {unit}")),
    "nomination.return": AuditAction(_("Nomination returned"),
                                     _("The secretariat returned the nomination of {unit}")),
    "vote.records_issue": AuditAction(_("Conference records issued"),
                                      _("The vote-count record and the minutes of {cluster} "
                                        "were issued")),
    "past_outcomes.import": AuditAction(_("Earlier years imported"),
                                        _("The secretariat imported results and awards of "
                                          "earlier years")),
    "decision.record": AuditAction(_("Award decision recorded"),
                                   _("The secretariat recorded an award decision")),
}

# Entries with no (known) code: what happened to which kind of record.
GENERIC = {
    0: AuditAction(_("Record created"), _("{model} created")),
    1: AuditAction(_("Record changed"), _("{model} changed")),
    2: AuditAction(_("Record deleted"), _("{model} deleted")),
    3: AuditAction(_("Record opened"), _("{model} opened")),
}

PERIOD_WORDS = {"semiannual": _("semi-annual"), "yearend": _("year-end")}


def action_choices():
    """(value, label) for the filter: named actions by name, then the generic kinds."""
    named = sorted(((code, str(a.label)) for code, a in ACTIONS.items()), key=lambda c: c[1])
    generic = [(f"generic:{kind}", str(a.label)) for kind, a in GENERIC.items() if kind != 3]
    return named + generic
