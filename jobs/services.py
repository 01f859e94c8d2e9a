"""Ask for a large file, and build it (in the task worker) exactly once."""

import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
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
                                         requested_by=user)
    except IntegrityError:  # someone asked at the same moment: theirs is the job
        return _active(organisation, year, kind), False
    from jobs.tasks import build_file

    transaction.on_commit(lambda: build_file.enqueue(job_id=job.pk))
    return job, True


def _active(organisation, year, kind):
    return FileJob.objects.filter(organisation=organisation, year=year, kind=kind,
                                  status__in=FileJob.ACTIVE).first()


def run_job(job_id):
    """Build a queued job. A job that another run has claimed, or that is done, is left
    alone: a task delivered twice builds the file once."""
    now = timezone.now()
    claimed = FileJob.objects.filter(pk=job_id, status=FileJob.Status.QUEUED).update(
        status=FileJob.Status.RUNNING, started_at=now, heartbeat_at=now,
        attempts=F("attempts") + 1, progress=0, step="")
    if not claimed:
        logger.info("File job %s is not queued any more; nothing to do.", job_id)
        return
    job = FileJob.objects.select_related("organisation", "requested_by").get(pk=job_id)
    try:
        name, content = builders.build(job, lambda fraction, step: _advance(job_id, fraction,
                                                                            step))
    except Exception:
        logger.exception("File job %s failed.", job_id)
        FileJob.objects.filter(pk=job_id).update(
            status=FileJob.Status.FAILED, finished_at=timezone.now(),
            error=_("The file could not be built. The error has been logged for the "
                    "administrator; please try again later."))
        return
    _finish(job, name, content)


def _advance(job_id, fraction, step):
    """Progress is written in its own statement so that a page polling sees it at once."""
    FileJob.objects.filter(pk=job_id).update(progress=min(99, int(fraction * 100)),
                                             step=step[:200], heartbeat_at=timezone.now())


def _finish(job, name, content):
    job.file.save(name, ContentFile(content), save=False)
    FileJob.objects.filter(pk=job.pk, status=FileJob.Status.RUNNING).update(
        file=job.file.name, file_name=name, status=FileJob.Status.DONE, progress=100, step="",
        finished_at=timezone.now())
