"""Benchmarks: the test settings, but background work queued in the database as in
production (the immediate backend would send every invitation e-mail inline)."""

from .test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
