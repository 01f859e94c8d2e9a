"""Background jobs of the reports app (run by the django-tasks database worker)."""

from django_tasks import task

from reports.reminders import send_reminders


@task()
def send_reminders_task():
    """The daily reminder run, queued by a scheduler instead of run by cron directly."""
    return send_reminders()
