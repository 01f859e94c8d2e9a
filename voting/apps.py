from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    """The year-end vote: sessions, secret ballots, paper counts, results, rotation.

    Deliberately NOT registered with django-auditlog: an audit entry per ballot would
    re-link voters to their choices. Sessions and questions are audited by the services'
    explicit records instead (see services.py)."""

    name = "voting"
    verbose_name = _("Voting")
