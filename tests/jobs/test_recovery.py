"""A worker killed in the middle of a file: the job is queued again and finished once."""

import threading
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs import builders, services
from jobs.models import FileJob

SUMMARY = FileJob.Kind.YEAR_SUMMARY_PDF


@pytest.fixture
def fake_builder(monkeypatch):
    calls = []

    def build(job, progress):
        calls.append(job.pk)
        return "tong-hop.pdf", b"%PDF-1.7 fake"

    monkeypatch.setitem(builders.BUILDERS, SUMMARY, build)
    return calls


def abandoned_job(world, *, attempts=1, silent_for=120):
    """A job as a killed worker leaves it: running, its heartbeat stopped long ago."""
    long_ago = timezone.now() - timedelta(seconds=silent_for)
    return FileJob.objects.create(
        organisation=world.org, year=world.year, kind=SUMMARY,
        requested_by=world.users["secretariat"], status=FileJob.Status.RUNNING,
        attempts=attempts, progress=40, step="Đang dựng tệp PDF", started_at=long_ago,
        heartbeat_at=long_ago)


def dead_task_result(job):
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, task_path="jobs.tasks.build_file",
        args_kwargs={"args": [], "kwargs": {"job_id": job.pk}}, backend_name="default",
        run_after=timezone.now(), worker_ids=["killed-worker"], exception_class_path="",
        traceback="")


def test_a_job_whose_worker_died_is_built_again_exactly_once(
        world, settings, fake_builder, django_capture_on_commit_callbacks):
    settings.JOBS_STALE_AFTER_SECONDS = 60
    job = abandoned_job(world)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale_jobs() == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == (FileJob.Status.DONE, 2, 100)
    assert fake_builder == [job.pk]
    assert job.file.read() == b"%PDF-1.7 fake"
    # A second janitor pass (another worker's) finds nothing left to do.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.requeue_stale_jobs() == []
    assert fake_builder == [job.pk]


def test_a_job_with_a_recent_heartbeat_is_left_to_its_worker(world, settings, fake_builder):
    settings.JOBS_STALE_AFTER_SECONDS = 60
    job = abandoned_job(world, silent_for=20)
    assert services.requeue_stale_jobs() == []
    job.refresh_from_db()
    assert job.status == FileJob.Status.RUNNING and fake_builder == []


def test_the_dead_workers_task_is_recorded_as_failed(
        world, settings, fake_builder, django_capture_on_commit_callbacks):
    job = abandoned_job(world)
    task_result = dead_task_result(job)
    other = dead_task_result(job)  # ... of another job
    other.args_kwargs = {"args": [], "kwargs": {"job_id": job.pk + 1000}}
    other.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.requeue_stale_jobs()
    task_result.refresh_from_db()
    other.refresh_from_db()
    assert task_result.status == TaskResultStatus.FAILED
    assert task_result.exception_class_path == "jobs.services.WorkerLost"
    assert other.status == TaskResultStatus.RUNNING  # another job's task is not touched


def test_after_the_last_attempt_the_job_fails_with_a_message(world, settings, fake_builder):
    settings.JOBS_MAX_ATTEMPTS = 3
    job = abandoned_job(world, attempts=3)
    assert services.requeue_stale_jobs() == []
    job.refresh_from_db()
    assert job.status == FileJob.Status.FAILED and fake_builder == []
    assert job.error
    # ... and the failed job no longer blocks a new request.
    assert services.request_file(organisation=world.org, year=world.year, kind=SUMMARY,
                                 user=world.users["secretariat"])[1]


def test_a_worker_presumed_dead_cannot_finish_the_job_it_lost(world):
    """The slow worker wakes up after its job was handed on: its file is thrown away and
    the job stays the new attempt's."""
    job = abandoned_job(world, attempts=2)  # attempt 2 now owns the job
    late = services._Run(job.pk, attempt=1)
    late.finish(job, "cu.pdf", b"%PDF old")
    late.advance(0.9, "Bước cũ")
    job.refresh_from_db()
    assert (job.status, job.progress, job.file.name) == (FileJob.Status.RUNNING, 40, "")
    assert not [name for name in stored_files() if name.startswith("cu")]


def stored_files():
    folder = timezone.now().strftime("jobs/%Y")
    try:
        return default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return []


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_written_during_a_long_step(world, settings, monkeypatch):
    """Rendering a long PDF reports no progress for a while; the heartbeat thread keeps
    the job alive meanwhile, so the janitor does not hand it to a second worker."""
    settings.JOBS_HEARTBEAT_SECONDS = 0.05
    job = FileJob.objects.create(organisation=world.org, year=world.year, kind=SUMMARY,
                                 requested_by=world.users["secretariat"])
    beats = []
    long_step_done = threading.Event()

    def long_step(job, progress):
        started = FileJob.objects.get(pk=job.pk).heartbeat_at
        for _ in range(100):  # up to 5 s; a beat normally lands within 0.1 s
            current = FileJob.objects.get(pk=job.pk).heartbeat_at
            if current > started:
                beats.append(current)
                break
            long_step_done.wait(0.05)
        return "a.pdf", b"%PDF"

    monkeypatch.setitem(builders.BUILDERS, SUMMARY, long_step)
    services.run_job(job.pk)
    job.refresh_from_db()
    assert beats and job.status == FileJob.Status.DONE
