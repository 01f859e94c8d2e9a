"""A worker killed in the middle of a file: the job is queued again and finished once.

Recovery works from FileJob alone: the janitor queues a new task through the task library's
public API and never touches the library's own rows (its dead task stays as the library left
it)."""

import ast
import re
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from jobs import builders, services
from jobs.models import FileJob
from jobs.tasks import build_file

SUMMARY = FileJob.Kind.YEAR_SUMMARY_PDF
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def fake_builder(monkeypatch):
    calls = []

    def build(job, progress):
        calls.append(job.pk)
        return "tong-hop.pdf", b"%PDF-1.7 fake"

    monkeypatch.setitem(builders.BUILDERS, SUMMARY, build)
    return calls


@pytest.fixture
def database_tasks(settings):
    """The production task backend: enqueue writes a row the worker would pick up (the
    immediate backend of the test settings would run the task at once)."""
    settings.TASKS = DATABASE_TASKS


def abandoned_job(world, *, attempts=1, silent_for=120, kind=SUMMARY):
    """A job as a killed worker leaves it: running, its heartbeat stopped long ago."""
    long_ago = timezone.now() - timedelta(seconds=silent_for)
    return FileJob.objects.create(
        organisation=world.org, year=world.year, kind=kind,
        requested_by=world.users["secretariat"], status=FileJob.Status.RUNNING,
        attempts=attempts, progress=40, step="Đang dựng tệp PDF", started_at=long_ago,
        heartbeat_at=long_ago)


def killed_task(job):
    """The task of the killed attempt, as the library's worker left it: claimed, running.
    Queued through the public API; only the claim plays the library's worker (a test may
    use the library's own model for that; the portal's code never does)."""
    from django_tasks_db.models import DBTaskResult

    result = build_file.enqueue(job_id=job.pk, attempt=job.attempts)
    DBTaskResult.objects.get(pk=result.id).claim("killed-worker")
    job.task_id = str(result.id)
    job.save(update_fields=["task_id"])
    return result


def library_tables():
    library = apps.get_app_config("django_tasks_database")  # django-tasks-db's app label
    return {model._meta.db_table for model in library.get_models()}


def writes_to_library(queries):
    """(verb, table) of each INSERT, UPDATE or DELETE on one of the task library's tables."""
    found = []
    for query in queries:
        match = re.match(r'\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', query["sql"],
                         re.IGNORECASE)
        if match and match.group(2) in library_tables():
            found.append((match.group(1).split()[0].upper(), match.group(2)))
    return found


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


def test_a_stale_job_gets_a_new_task_for_its_next_attempt(world, database_tasks,
                                                        django_capture_on_commit_callbacks):
    job = abandoned_job(world)
    dead = killed_task(job)
    with django_capture_on_commit_callbacks(execute=True):
        services.requeue_stale_jobs()
    job.refresh_from_db()
    new = build_file.get_result(job.task_id)
    assert (job.status, job.attempts) == (FileJob.Status.QUEUED, 2)
    assert new.id != dead.id and new.status == TaskResultStatus.READY
    assert new.kwargs == {"job_id": job.pk, "attempt": 2}


def test_the_dead_attempts_task_is_left_as_the_library_keeps_it(
        world, database_tasks, django_capture_on_commit_callbacks):
    """django-tasks-db shows the killed task "running" for ever: that is its record, not
    ours to rewrite (docs/deployment.md)."""
    job = abandoned_job(world)
    dead = killed_task(job)
    with django_capture_on_commit_callbacks(execute=True):
        services.requeue_stale_jobs()
    dead.refresh()
    assert dead.status == TaskResultStatus.RUNNING


def test_a_recovery_cycle_writes_nothing_into_the_task_librarys_tables(
        world, settings, database_tasks, fake_builder, django_capture_on_commit_callbacks):
    """Janitor pass, the new attempt's build, and the late finish of the dead attempt:
    the only write into the library's tables is its own INSERT when we enqueue."""
    settings.JOBS_MAX_ATTEMPTS = 3
    job = abandoned_job(world)
    killed_task(job)
    abandoned_job(world, attempts=3, kind=FileJob.Kind.DOSSIERS_ZIP)  # given up
    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=True):
            services.requeue_stale_jobs()
        services.run_job(job.pk, attempt=2)  # what the library's worker calls for the task
        services._Run(job.pk, attempt=1).finish(job, "cu.pdf", b"%PDF old")
    assert [verb for verb, _table in writes_to_library(queries.captured_queries)] == ["INSERT"]
    job.refresh_from_db()
    assert job.status == FileJob.Status.DONE and fake_builder == [job.pk]


def test_the_year_files_page_reads_only_file_jobs(world, database_tasks, client_for):
    """The job's card says "being built" from FileJob, whatever the library holds."""
    job = abandoned_job(world)
    killed_task(job)
    client = client_for(world.users["secretariat"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("jobs:year_files") + f"?year={world.year}")
        card = client.get(reverse("jobs:job_status", args=[job.pk]))
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert page.status_code == card.status_code == 200
    assert not [table for table in library_tables() if table in read]


def test_no_code_of_ours_imports_the_task_librarys_models():
    """Only the worker command extends django-tasks-db (its db_worker command); the rest of
    the portal speaks to the task library through django_tasks' public API."""
    allowed = {"django_tasks_db.management.commands.db_worker"}
    root = Path(__file__).resolve().parents[2]
    ours = [folder for folder in root.iterdir() if folder.is_dir()
            and folder.name not in {"node_modules", "static", "tests"}
            and not folder.name.startswith(".")]
    found = set()
    for path in (path for folder in ours for path in folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found |= {(str(path.relative_to(root)), name) for name in names
                      if name.split(".")[0] == "django_tasks_db" and name not in allowed}
    assert found == set()


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


def test_a_late_task_of_a_replaced_attempt_builds_nothing(world, fake_builder):
    """The dead attempt's task, delivered again after the janitor queued attempt 2, does not
    take the job from the new task."""
    job = abandoned_job(world)
    services.requeue_stale_jobs()  # attempt 2 queued; its task not yet run
    services.run_job(job.pk, attempt=1)
    job.refresh_from_db()
    assert (job.status, job.attempts, fake_builder) == (FileJob.Status.QUEUED, 2, [])


def test_a_task_queued_before_tasks_carried_their_attempt_builds_once(world, fake_builder):
    job = FileJob.objects.create(organisation=world.org, year=world.year, kind=SUMMARY,
                                 requested_by=world.users["secretariat"], attempts=0)
    build_file.call(job_id=job.pk)
    build_file.call(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, fake_builder) == (FileJob.Status.DONE, 1, [job.pk])


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
                                 requested_by=world.users["secretariat"], attempts=1)
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
    services.run_job(job.pk, attempt=1)
    job.refresh_from_db()
    assert beats and job.status == FileJob.Status.DONE
