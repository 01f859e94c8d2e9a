"""Ask for a large file, and build it (in the task worker) exactly once.

The job's whole state (status, attempt, heartbeat, error) is in FileJob. The task library
(django-tasks, with django-tasks-db's tables) is used only through its public API:
`build_file.enqueue(...)`. We never read or write its tables: both libraries are pre-1.0 and
their layout is theirs to change.
"""

import logging
import threading
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import builders
from jobs.models import FileJob

logger = logging.getLogger(__name__)


def request_file(*, organisation, year, kind, user):
    """(job, created): the job already queued or running for this file, else a new one,
    handed to the worker once the transaction commits."""
    active = _active(organisation, year, kind)
    if active is not None:
        return active, False
    try:
        with transaction.atomic():
            job = FileJob.objects.create(organisation=organisation, year=year, kind=kind,
                                         requested_by=user, attempts=1)
    except IntegrityError:  # someone asked at the same moment: theirs is the job
        return _active(organisation, year, kind), False
    transaction.on_commit(partial(_enqueue, job.pk, job.attempts))
    return job, True


def _active(organisation, year, kind):
    return FileJob.objects.filter(organisation=organisation, year=year, kind=kind,
                                  status__in=FileJob.ACTIVE).first()


def run_job(job_id, attempt=None):
    """Build attempt `attempt` of a job. The task claims the job only while it is queued
    for that very attempt: a task delivered twice, or one of an attempt the janitor has
    since replaced, builds nothing.

    Every later write of this run is guarded by the same number: if this worker was
    presumed dead and the job handed to a new attempt, whatever this run still writes
    changes nothing, so the file is finished exactly once.
    """
    now = timezone.now()
    queued = FileJob.objects.filter(pk=job_id, status=FileJob.Status.QUEUED)
    if attempt is None:
        # A task queued before tasks carried their attempt (the release that added it):
        # it takes the queued job and counts its attempt, as tasks then did.
        claimed = queued.update(status=FileJob.Status.RUNNING, started_at=now,
                                heartbeat_at=now, attempts=F("attempts") + 1, progress=0,
                                step="")
    else:
        claimed = queued.filter(attempts=attempt).update(
            status=FileJob.Status.RUNNING, started_at=now, heartbeat_at=now, progress=0,
            step="")
    if not claimed:
        logger.info("File job %s attempt %s is not queued; nothing to do.", job_id, attempt)
        return
    job = FileJob.objects.select_related("organisation", "requested_by").get(pk=job_id)
    run = _Run(job_id, attempt or job.attempts)
    with Heartbeat(run):
        try:
            name, content = builders.build(job, run.advance)
        except Exception:
            logger.exception("File job %s failed.", job_id)
            run.rows().update(
                status=FileJob.Status.FAILED, finished_at=timezone.now(),
                error=_("The file could not be built. The error has been logged for the "
                        "administrator; please try again later."))
            return
    run.finish(job, name, content)


class _Run:
    """One attempt at a job: writes only while the job is still this attempt's."""

    def __init__(self, job_id, attempt):
        self.job_id, self.attempt = job_id, attempt

    def rows(self):
        return FileJob.objects.filter(pk=self.job_id, status=FileJob.Status.RUNNING,
                                      attempts=self.attempt)

    def advance(self, fraction, step):
        """Progress is written in its own statement so that a page polling sees it at once."""
        self.rows().update(progress=min(99, int(fraction * 100)), step=step[:200],
                           heartbeat_at=timezone.now())

    def beat(self):
        self.rows().update(heartbeat_at=timezone.now())

    def finish(self, job, name, content):
        """Save the file, then mark the job done; a run that lost the job deletes its copy."""
        job.file.save(name, ContentFile(content), save=False)
        if not self.rows().update(file=job.file.name, file_name=name,
                                  status=FileJob.Status.DONE, progress=100, step="",
                                  finished_at=timezone.now()):
            logger.warning("File job %s attempt %s was handed to another worker; its file "
                           "is discarded.", self.job_id, self.attempt)
            job.file.delete(save=False)


class Heartbeat(threading.Thread):
    """While a job is built, write its heartbeat every JOBS_HEARTBEAT_SECONDS, also during a
    long step (rendering a 100-page PDF reports no progress for tens of seconds): a silent
    job is one whose worker is gone, not a slow one."""

    def __init__(self, run):
        super().__init__(name=f"heartbeat-job-{run.job_id}", daemon=True)
        self.job_run, self.stopped = run, threading.Event()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.join()

    def run(self):
        try:
            while not self.stopped.wait(settings.JOBS_HEARTBEAT_SECONDS):
                try:
                    self.job_run.beat()
                except DatabaseError as error:  # the database restarting: try next beat
                    logger.warning("Heartbeat of file job %s not written: %s",
                                   self.job_run.job_id, error)
                    connection.close()
        finally:
            connection.close()  # this thread's own connection


def requeue_stale_jobs(*, now=None):
    """Jobs whose worker stopped (killed, machine lost): hand them to a new attempt, a new
    task queued through the task library's public API, or, after JOBS_MAX_ATTEMPTS, mark
    them failed. Works from FileJob alone, and is safe to run from several workers at once:
    each job is taken by one conditional UPDATE. Returns the ids queued again.

    The dead attempt's task is left as the library recorded it. django-tasks-db shows it
    "running" for ever (no worker will finish it, and prune_db_task_results removes only
    finished results): its table is the library's, so we neither mark it failed nor delete
    it, and our pages read FileJob only (docs/deployment.md)."""
    now = now or timezone.now()
    silent_since = now - timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)
    requeued = []
    for job in FileJob.objects.filter(status=FileJob.Status.RUNNING,
                                      heartbeat_at__lt=silent_since):
        stale = FileJob.objects.filter(pk=job.pk, status=FileJob.Status.RUNNING,
                                       attempts=job.attempts, heartbeat_at__lt=silent_since)
        if job.attempts >= settings.JOBS_MAX_ATTEMPTS:
            if stale.update(status=FileJob.Status.FAILED, finished_at=now,
                            error=_("The worker stopped while building this file, "
                                    "too many times; please try again later.")):
                logger.error("File job %s given up after %s attempts.", job.pk, job.attempts)
            continue
        attempt = job.attempts + 1
        if stale.update(status=FileJob.Status.QUEUED, attempts=attempt, progress=0, step="",
                        task_id=""):
            transaction.on_commit(partial(_enqueue, job.pk, attempt))
            requeued.append(job.pk)
            logger.warning("File job %s lost its worker (attempt %s); queued as attempt %s.",
                           job.pk, job.attempts, attempt)
    return requeued


def _enqueue(job_id, attempt):
    """Queue a new task for this attempt (the library's public API) and note its id."""
    from jobs.tasks import build_file

    result = build_file.enqueue(job_id=job_id, attempt=attempt)
    FileJob.objects.filter(pk=job_id, attempts=attempt).update(task_id=str(result.id))
