"""Background jobs that build large files (run by the django-tasks database worker)."""

from django_tasks import task


@task()
def build_file(job_id, attempt=None):
    """attempt: the job's attempt this task was queued for (None in tasks queued before
    tasks carried it)."""
    from jobs.services import run_job

    run_job(job_id, attempt)
