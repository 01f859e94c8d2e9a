"""Deadline reminders: e-mail the representatives of units that still owe a signature or a
report, at the organisation's offsets (days before the deadline; 0 the day itself; negative
numbers days after it), and a digest of the missing units to the head unit's staff.

A ReminderLog row is written with each e-mail in one transaction; its unique key (campaign,
deadline, unit, offset) means a second run — or a second worker — never sends it twice.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from campaigns.models import Campaign, Deadline
from campaigns.selectors import head_unit
from members.models import Representative
from reports.models import ReminderLog
from reports.selectors import board

logger = logging.getLogger(__name__)


def open_deadlines(campaign):
    deadlines = []
    if not campaign.pledge_finalised_at:
        deadlines.append(Deadline.PLEDGE)
    for deadline in (Deadline.SEMIANNUAL, Deadline.YEAREND):
        if not campaign.is_closed_for(deadline):
            deadlines.append(deadline)
    return deadlines


def send_reminders(today=None):
    """Send what is due today; returns the number of e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    campaigns = Campaign.objects.filter(launched_at__isnull=False, closed_at__isnull=True) \
        .select_related("cluster", "cluster__organisation")
    for campaign in campaigns:
        offsets = campaign.cluster.organisation.reminder_days
        for deadline in open_deadlines(campaign):
            owing = [row for row in board([campaign], deadline)
                     if row.status in ("missing", "overdue")]
            for row in owing:
                offset = (row.due - today).days
                if offset in offsets:
                    sent += _remind_unit(campaign, deadline, row, offset)
            offset = (campaign.base_due(deadline) - today).days
            if owing and offset in offsets:
                sent += _digest(campaign, deadline, owing, offset)
    return sent


def remind_unit_now(campaign, deadline, row, today):
    """The unit's usual reminder e-mail, sent now at a person's request (the head's "remind
    now"): logged like the job's, at today's offset, so neither sends twice the same day.
    Returns 1 when sent, 0 when there is nobody to write to or it was already sent."""
    return _remind_unit(campaign, deadline, row, (row.due - today).days)


def recipients_of(unit):
    return _emails_of([unit.pk])


def _emails_of(unit_ids):
    return sorted({r.user.email for r in Representative.objects.filter(
        unit_id__in=unit_ids, user__is_active=True).select_related("user") if r.user.email})


def _remind_unit(campaign, deadline, row, offset):
    recipients = _emails_of([row.unit.pk])
    context = {"campaign": campaign, "deadline": Deadline(deadline).label, "unit": row.unit,
               "due": row.due, "offset": offset, "days": abs(offset),
               "link": settings.PORTAL_BASE_URL + "/"}
    return _send_once(campaign, deadline, row.unit, offset, recipients, "reminder", context)


def _digest(campaign, deadline, owing, offset):
    head = head_unit(campaign)
    recipients = _emails_of([head.pk]) if head else []
    context = {"campaign": campaign, "deadline": Deadline(deadline).label, "rows": owing,
               "due": campaign.base_due(deadline), "offset": offset, "days": abs(offset),
               "link": f"{settings.PORTAL_BASE_URL}/campaigns/{campaign.pk}/"}
    return _send_once(campaign, deadline, None, offset, recipients, "digest", context)


def _send_once(campaign, deadline, unit, offset, recipients, template, context):
    if not recipients:
        return 0
    try:
        with transaction.atomic():
            ReminderLog.objects.create(campaign=campaign, deadline=deadline, unit=unit,
                                       offset=offset, recipients=len(recipients))
            _send(template, context, recipients)  # an error here rolls the log back
    except IntegrityError:
        return 0  # already sent for this offset (by an earlier run or another worker)
    return 1


def _send(template, context, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"reports/email/{template}_subject.txt", context).strip()
        text = render_to_string(f"reports/email/{template}.txt", context)
        html = render_to_string(f"reports/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, to=recipients)
    message.attach_alternative(html, "text/html")
    message.send()
