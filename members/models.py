"""People: users, the organisation staff roles they hold, and the units they represent.

Cluster-head rights are deliberately *not* stored here: they follow from which unit heads
a cluster in a year (clusters.Membership) and who represents that unit (see permissions.py).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Organisation, Unit


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Password reset and invitations find a person by e-mail: keep it unambiguous.
            models.UniqueConstraint(
                models.functions.Lower("email"), condition=~Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("Another account already uses this e-mail address."),
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username


class StaffRole(models.Model):
    """A person working for an organisation: its secretariat, or its leadership."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        LEADERSHIP = "leadership", _("Leadership")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="staff_roles", verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("limited to cluster"),
        help_text=_("Leadership only: restrict to one cluster."),
    )

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"],
                                    name="staffrole_once_per_org",
                                    violation_error_message=_(
                                        "This person already has this role in the organisation.")),
            models.CheckConstraint(condition=Q(role="leadership") | Q(cluster__isnull=True),
                                   name="staffrole_only_leadership_is_cluster_limited",
                                   violation_error_message=_(
                                       "Only a leadership role can be limited to one cluster.")),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    def get_additional_data(self):
        return {"organisation_id": self.organisation_id}


class Representative(models.Model):
    """A person acting for a member unit; one per unit is its designated voter."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="representations")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="representatives",
                             verbose_name=_("unit"))
    is_designated_voter = models.BooleanField(_("designated voter"), default=False)
    position = models.CharField(_("position"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("unit representative")
        verbose_name_plural = _("unit representatives")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="representative_once_per_unit",
                                    violation_error_message=_(
                                        "This person already represents this unit.")),
            models.UniqueConstraint(fields=["unit"], condition=Q(is_designated_voter=True),
                                    name="representative_one_voter_per_unit",
                                    violation_error_message=_(
                                        "This unit already has a designated voter.")),
        ]

    def __str__(self):
        return f"{self.user} – {self.unit}"

    def get_additional_data(self):
        return {"organisation_id": self.unit.organisation_id}
