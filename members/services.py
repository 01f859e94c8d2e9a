"""Writes about people: inviting representatives and choosing the designated voter."""

import re
import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_action
from core.bulk import insert_dicts
from members.models import Representative, User
from members.tasks import send_invitations


@audit_action("user.invite")
def user_get_or_invite(*, email, full_name=""):
    """The user with this e-mail, or a new one with no password who gets an invitation
    (a set-password link) once the surrounding transaction commits. Returns (user, created)."""
    email = email.strip()
    validate_email(email)
    user = User.objects.annotate(email_cf=Lower("email")).filter(
        email_cf=email.casefold()).first()
    if user is not None:
        if full_name and not user.full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
        return user, False
    user = User(username=_free_username(email), email=email, full_name=full_name.strip())
    user.set_unusable_password()
    user.save()
    transaction.on_commit(lambda: send_invitations.enqueue(user_ids=[user.pk]))
    return user, True


@audit_action("user.invite")
def users_get_or_invite(people):
    """Batch form of user_get_or_invite for imports: {email: full name} → {casefolded email:
    user id}. Existing people are found with one query; new ones are inserted with one
    statement (core.bulk) and get their invitations from a single background task once the
    transaction commits."""
    result = dict(User.objects.annotate(email_cf=Lower("email")).filter(
        email_cf__in=[e.casefold() for e in people]).values_list("email_cf", "pk"))
    result = {email.casefold(): pk for email, pk in result.items()}
    new_people = {e: name for e, name in people.items() if e.casefold() not in result}
    if not new_people:
        return result
    taken = set(User.objects.filter(username__in=[_username_base(e) for e in new_people])
                .values_list("username", flat=True))
    new_users, usernames = [], {}
    now = timezone.now()
    for email, full_name in new_people.items():
        username = _free_username(email, taken)
        taken.add(username)
        usernames[username] = email.casefold()
        # set_unusable_password() draws its 40 characters one random.choice at a time
        # (0.2 ms a user); the same "!" and 40 random characters, from one call.
        new_users.append({"username": username, "email": email.strip(),
                          "full_name": full_name.strip(), "date_joined": now,
                          "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)})
    # Users are not written to the audit trail here: their Representative entries are.
    insert_dicts(User, new_users)
    user_ids = []
    for username, pk in User.objects.filter(username__in=list(usernames)).values_list(
            "username", "pk"):
        result[usernames[username]] = pk
        user_ids.append(pk)
    transaction.on_commit(lambda: send_invitations.enqueue(user_ids=user_ids))
    return result


def _username_base(email):
    return re.sub(r"[^\w.@+-]", "", email.split("@")[0].lower())[:120] or "user"


def _free_username(email, taken=None):
    """The e-mail's local part, numbered when taken ("an", "an2", …)."""
    base = _username_base(email)
    if taken is None:
        taken = set(User.objects.filter(username__startswith=base)
                    .values_list("username", flat=True))
    candidate, n = base, 1
    while candidate in taken or (n > 1 and User.objects.filter(username=candidate).exists()):
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
@audit_action("representative.add")
def representative_add(*, unit, email, full_name="", position="", designated_voter=False):
    user, _created = user_get_or_invite(email=email, full_name=full_name)
    if Representative.objects.filter(unit=unit, user=user).exists():
        raise ValidationError(_("%(user)s already represents this unit.") % {"user": user})
    representative = Representative.objects.create(unit=unit, user=user, position=position)
    if designated_voter or not unit.representatives.filter(is_designated_voter=True).exists():
        representative_set_voter(representative=representative)
    return representative


@transaction.atomic
@audit_action("representative.set_voter")
def representative_set_voter(*, representative):
    """Make this representative the unit's one designated voter."""
    others = Representative.objects.select_for_update().filter(
        unit_id=representative.unit_id, is_designated_voter=True).exclude(pk=representative.pk)
    for other in others:
        other.is_designated_voter = False
        other.save()
    representative.is_designated_voter = True
    representative.save()


@transaction.atomic
@audit_action("representative.remove")
def representative_remove(*, representative):
    unit = representative.unit
    was_voter = representative.is_designated_voter
    representative.delete()
    if was_voter:
        successor = unit.representatives.order_by("pk").first()
        if successor is not None:
            representative_set_voter(representative=successor)


# --- two-factor sign-in (members/twofactor.py) ----------------------------------------

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def totp_start(*, user):
    """A new, unconfirmed authenticator-app device with a fresh secret; an earlier
    unfinished set-up is dropped, so only one secret is ever waiting to be confirmed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def totp_confirm(*, device, token):
    """Confirm a set-up with a code from the app; True when the code was right.

    The code check is django-otp's own (throttled: wrong codes make the next try wait)."""
    if device.confirmed:
        raise ValidationError(_("This authenticator app is already set up."))
    if not device.verify_token(_normalise_code(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def recovery_codes_generate(*, user):
    """Ten new single-use recovery codes, replacing any earlier ones; returns them (they
    are shown once). Only for someone who has an app or a passkey they back up."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from members import twofactor

    if not twofactor.has_primary_device(user):
        raise ValidationError(_("Set up an authenticator app or a passkey first: recovery "
                                "codes only stand in for them."))
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=twofactor.RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def device_remove(*, device):
    """Remove one second factor; with the last app or passkey go the recovery codes too
    (they would otherwise be a second factor on their own)."""
    from members import twofactor

    user = device.user
    device.delete()
    if not twofactor.has_primary_device(user):
        recovery = twofactor.recovery_device(user)
        if recovery is not None:
            recovery.delete()


def second_factor_verify(*, user, token):
    """The device that accepts this code, or None: six digits are tried against the
    user's authenticator apps, anything else against the recovery codes (a match uses the
    code up). Returns (device, throttled): throttled is True when a device refused to check
    because of recent wrong codes (django-otp's wait doubles with each one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from members import twofactor

    token = _normalise_code(token)
    is_app_code = token.isdigit() and len(token) == 6
    wanted = [d for d in twofactor.code_devices(user)
              if isinstance(d, TOTPDevice) == is_app_code]
    throttled = False
    for candidate in wanted:
        with transaction.atomic():
            # Locked: a recovery code cannot be spent twice by two requests at once.
            device = type(candidate).objects.select_for_update().get(pk=candidate.pk)
            if not device.verify_is_allowed()[0]:
                throttled = True
                continue
            if device.verify_token(token):
                return device, False
    return None, throttled


def _normalise_code(token):
    # Codes are read off a phone or paper: forgive spaces, dashes and capitals.
    return re.sub(r"[\s-]", "", token or "").lower()
