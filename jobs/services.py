"""Ask for a large file, and build it (in the task worker) exactly once."""

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
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

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
                                         requested_by=user)
    except IntegrityError:  # someone asked at the same moment: theirs is the job
        return _active(organisation, year, kind), False
    transaction.on_commit(partial(_enqueue, job.pk))
    return job, True


def _active(organisation, year, kind):
    return FileJob.objects.filter(organisation=organisation, year=year, kind=kind,
                                  status__in=FileJob.ACTIVE).first()


class WorkerLost(Exception):
    """Recorded on the task result of a worker that stopped in the middle of a job."""


def run_job(job_id):
    """Build a queued job. A job that another run has claimed, or that is done, is left
    alone: a task delivered twice builds the file once.

    Each claim counts an attempt, and every later write of this run is guarded by that
    number: if this worker was presumed dead and the job handed to another, whatever this
    run still writes changes nothing, so the file is finished exactly once.
    """
    now = timezone.now()
    claimed = FileJob.objects.filter(pk=job_id, status=FileJob.Status.QUEUED).update(
        status=FileJob.Status.RUNNING, started_at=now, heartbeat_at=now,
        attempts=F("attempts") + 1, progress=0, step="")
    if not claimed:
        logger.info("File job %s is not queued any more; nothing to do.", job_id)
        return
    job = FileJob.objects.select_related("organisation", "requested_by").get(pk=job_id)
    run = _Run(job_id, job.attempts)
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
    """Jobs whose worker stopped (killed, machine lost): queue them again for the next
    worker, or, after JOBS_MAX_ATTEMPTS, mark them failed. Safe to run from several workers
    at once: each job is taken by one conditional UPDATE. Returns the ids queued again."""
    now = now or timezone.now()
    silent_since = now - timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)
    requeued = []
    for job in FileJob.objects.filter(status=FileJob.Status.RUNNING,
                                      heartbeat_at__lt=silent_since):
        stale = FileJob.objects.filter(pk=job.pk, status=FileJob.Status.RUNNING,
                                       attempts=job.attempts, heartbeat_at__lt=silent_since)
        with transaction.atomic():
            if job.attempts >= settings.JOBS_MAX_ATTEMPTS:
                if stale.update(status=FileJob.Status.FAILED, finished_at=now,
                                error=_("The worker stopped while building this file, "
                                        "too many times; please try again later.")):
                    _record_lost_worker(job.pk, now)
                    logger.error("File job %s given up after %s attempts.", job.pk,
                                 job.attempts)
                continue
            if stale.update(status=FileJob.Status.QUEUED, progress=0, step=""):
                _record_lost_worker(job.pk, now)
                transaction.on_commit(partial(_enqueue, job.pk))
                requeued.append(job.pk)
                logger.warning("File job %s lost its worker (attempt %s); queued again.",
                               job.pk, job.attempts)
    return requeued


def _enqueue(job_id):
    from jobs.tasks import build_file

    build_file.enqueue(job_id=job_id)


def _record_lost_worker(job_id, now):
    """The dead worker's task result stays "running" in django-tasks-db forever otherwise."""
    DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path="jobs.tasks.build_file",
        args_kwargs__kwargs__job_id=job_id,
    ).update(status=TaskResultStatus.FAILED, finished_at=now,
             exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
             traceback="The worker stopped while running this task; the job was queued again.")
