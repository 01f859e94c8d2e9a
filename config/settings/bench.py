"""Benchmarks: the test settings, but background work queued in the database as in
production (the immediate backend would send every invitation e-mail inline), and a database
that a second process can open: bench/http_pages.py serves pages from gunicorn on it."""

import os

from .test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the in-memory test database: gunicorn's worker reads the same data.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".make" / "bench.sqlite3")}  # noqa: F405
if os.environ.get("BENCH_DATABASE_NAME"):  # the gunicorn worker: the bench's test database
    DATABASES["default"]["NAME"] = os.environ["BENCH_DATABASE_NAME"]  # noqa: F405
