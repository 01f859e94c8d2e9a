"""Writes about people: inviting representatives and choosing the designated voter."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from members.models import Representative, User
from members.tasks import send_invitations


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


def users_get_or_invite(people):
    """Batch form of user_get_or_invite for imports: {email: full name} → {casefolded email:
    user}. Existing people are found with one query; new ones are created in bulk and get
    their invitations from a single background task once the transaction commits."""
    result = {user.email.casefold(): user for user in User.objects.annotate(
        email_cf=Lower("email")).filter(email_cf__in=[e.casefold() for e in people])}
    new_people = {e: name for e, name in people.items() if e.casefold() not in result}
    taken = set(User.objects.filter(username__in=[_username_base(e) for e in new_people])
                .values_list("username", flat=True))
    new_users = []
    for email, full_name in new_people.items():
        user = User(username=_free_username(email, taken), email=email.strip(),
                    full_name=full_name.strip())
        user.set_unusable_password()
        taken.add(user.username)
        new_users.append(user)
        result[email.casefold()] = user
    # Users are not written to the audit trail here: their Representative entries are.
    User.objects.bulk_create(new_users, batch_size=1000)
    user_ids = [user.pk for user in new_users]
    if user_ids:
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
def representative_add(*, unit, email, full_name="", position="", designated_voter=False):
    user, _created = user_get_or_invite(email=email, full_name=full_name)
    if Representative.objects.filter(unit=unit, user=user).exists():
        raise ValidationError(_("%(user)s already represents this unit.") % {"user": user})
    representative = Representative.objects.create(unit=unit, user=user, position=position)
    if designated_voter or not unit.representatives.filter(is_designated_voter=True).exists():
        representative_set_voter(representative=representative)
    return representative


@transaction.atomic
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
def representative_remove(*, representative):
    unit = representative.unit
    was_voter = representative.is_designated_voter
    representative.delete()
    if was_voter:
        successor = unit.representatives.order_by("pk").first()
        if successor is not None:
            representative_set_voter(representative=successor)
