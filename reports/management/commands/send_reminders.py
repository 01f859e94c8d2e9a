import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.reminders import send_reminders
from reports.tasks import send_reminders_task


class Command(BaseCommand):
    help = ("E-mail deadline reminders to units that have not signed or submitted, and a digest "
            "to each cluster head. Safe to run several times a day: each reminder goes once.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD)")
        parser.add_argument("--enqueue", action="store_true",
                            help="Queue the run for the task worker instead of running it now")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = send_reminders_task.enqueue()
            self.stdout.write(_("Queued as task %(id)s.") % {"id": result.id})
            return
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(_("--date must look like 2026-07-10.")) from None
        sent = send_reminders(today)
        self.stdout.write(self.style.SUCCESS(_("%(count)s reminder e-mails sent.")
                                             % {"count": sent}))
