"""The production task worker: django-tasks-db's `db_worker`, plus what it lacks.

- Every JOBS_HEARTBEAT_SECONDS a janitor thread queues again the file jobs whose worker
  died (jobs.services.requeue_stale_jobs), so a worker killed in the middle of a PDF does
  not leave the job "being built" for ever. Every worker runs one; they cannot collide.
- A database restart does not stop the worker: it waits and starts polling again.

Same options as `db_worker`; `python manage.py run_worker --help`.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from jobs.services import requeue_stale_jobs

logger = logging.getLogger(__name__)

RECONNECT_PAUSE_SECONDS = 2


class Command(DbWorkerCommand):
    help = "Run the task worker (builds large files, sends e-mail) and recover lost jobs."

    def handle(self, *args, **options):
        options["reload"] = False  # production: a reload would abandon a running job
        Janitor().start()
        while True:
            try:
                return super().handle(*args, **options)
            except DatabaseError as error:
                logger.warning("Database unavailable (%s); the worker retries in %s s.",
                               error, RECONNECT_PAUSE_SECONDS)
                close_old_connections()
                connection.close()
                time.sleep(RECONNECT_PAUSE_SECONDS)


class Janitor(threading.Thread):
    def __init__(self):
        super().__init__(name="file-job-janitor", daemon=True)

    def run(self):
        while True:
            try:
                requeue_stale_jobs()
            except DatabaseError as error:
                logger.warning("Stale file jobs not checked: %s", error)
                connection.close()
            time.sleep(settings.JOBS_HEARTBEAT_SECONDS)
