"""Two-factor sign-in: who must use it, and which second factors a person has.

The factors are django-otp devices: an authenticator app (TOTP), passkeys
(django-otp-webauthn) and recovery codes (a static device). Recovery codes only back up
the other two: they never count as enrolment on their own.

Who must: the secretariat of an organisation that requires it, and the staff of a unit that
heads one of its clusters this year. Both come from members/permissions.py, so when the
rotation changes, the requirement follows.
"""

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from clusters.models import Cluster, Organisation
from core.years import current_year
from members import permissions
from members.permissions import Role

# The kinds in URLs (twofactor:device_remove) → the device model.
DEVICE_KINDS = {"totp": TOTPDevice, "passkey": WebAuthnCredential, "recovery": StaticDevice}
PRIMARY_KINDS = ("totp", "passkey")
RECOVERY_DEVICE_NAME = "recovery"


def is_required(user):
    """True when an organisation's setting makes two-factor sign-in compulsory for the user."""
    if not user.is_authenticated:
        return False
    staff_orgs = [org_id for org_id in permissions.staff_roles(user)
                  if Role.SECRETARIAT in permissions.organisation_roles(user, org_id)]
    if staff_orgs and Organisation.objects.filter(pk__in=staff_orgs,
                                                  two_factor_required=True).exists():
        return True
    unit_ids = permissions.represented_unit_ids(user)
    if not unit_ids:
        return False
    year = current_year()
    # Candidates only: whether the user is the head's staff there is cluster_roles' answer.
    clusters = Cluster.objects.filter(
        organisation__two_factor_required=True, memberships__year=year,
        memberships__unit_id__in=unit_ids).distinct()
    return any(Role.HEAD in permissions.cluster_roles(user, cluster, year)
               for cluster in clusters)


def primary_devices(user):
    """The user's confirmed authenticator apps and passkeys."""
    return [device for kind in PRIMARY_KINDS
            for device in DEVICE_KINDS[kind].objects.filter(user=user, confirmed=True)]


def has_primary_device(user):
    return any(DEVICE_KINDS[kind].objects.filter(user=user, confirmed=True).exists()
               for kind in PRIMARY_KINDS)


def recovery_device(user):
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME,
                                       confirmed=True).first()


def code_devices(user):
    """The devices a typed code can match: authenticator apps, then recovery codes."""
    devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    recovery = recovery_device(user)
    return devices + [recovery] if recovery else devices


def state(user):
    """What the sign-in still needs: "verify", "enrol" or None (nothing more)."""
    if not user.is_authenticated or user.is_verified():
        return None
    if has_primary_device(user):
        return "verify"
    if is_required(user):
        return "enrol"
    return None
