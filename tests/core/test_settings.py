import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config import env

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x7#kP2!mQ9zR4@wL8^tY6&vB3*nC5(jH1)dF0-gS_eA+uI=oE[pW]rT{yU}iO",
    "ALLOWED_HOSTS": "thidua.example.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/thidua-check.sqlite3",
}


@pytest.mark.parametrize(("helper", "value"), [
    (env.env_bool, "flase"), (env.env_int, "ten"), (env.env_list, "a,,b"),
    (env.env_database, "mysql://x/y"),
])
def test_malformed_environment_values_fail_loudly(monkeypatch, helper, value):
    monkeypatch.setenv("PROBE", value)
    with pytest.raises(ImproperlyConfigured, match="PROBE"):
        helper("PROBE", None) if helper is not env.env_database else helper("PROBE", "")


def test_a_required_variable_that_is_missing_fails(monkeypatch):
    monkeypatch.delenv("PROBE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="required"):
        env.env_str("PROBE")


def test_database_url_selects_postgresql():
    os.environ["PROBE_DB"] = "postgres://portal:pw@127.0.0.1:5432/portal"
    assert env.env_database("PROBE_DB", "")["ENGINE"] == "django.db.backends.postgresql"


def _manage(*args, extra_env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR,
                          capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], **extra_env})


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", extra_env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_a_weak_secret_key():
    result = _manage("check", extra_env=PRODUCTION_ENV | {"SECRET_KEY": "short"})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_time_zone_and_language_defaults():
    assert (settings.TIME_ZONE, settings.LANGUAGE_CODE) == ("Asia/Ho_Chi_Minh", "vi")


def test_production_keeps_connections_and_checks_them_after_a_database_restart():
    result = _manage("shell", "-c", "from django.conf import settings; "
                     "d = settings.DATABASES['default']; "
                     "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], "
                     "settings.PASSWORD_HASHERS[0])",
                     extra_env=PRODUCTION_ENV)
    assert result.stdout.splitlines()[-1].split() == [
        "60", "True", "members.hashers.OwaspArgon2idHasher"], \
        result.stderr


def test_gunicorn_runs_two_workers_per_core_plus_one_and_warms_up_before_forking(monkeypatch):
    import multiprocessing
    import runpy

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = runpy.run_path(str(settings.BASE_DIR / "config" / "gunicorn.py"))
    assert config["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert config["preload_app"] and callable(config["when_ready"])
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(str(settings.BASE_DIR / "config" / "gunicorn.py"))["workers"] == 3


def test_the_warm_up_compiles_the_portals_templates(caplog):
    from config import warmup

    assert "reports/report_edit.html" in set(warmup._template_names())
    with caplog.at_level("INFO", logger="config.warmup"):
        warmup.warm_up()
    compiled = int(caplog.records[-1].getMessage().split("(")[1].split()[0])
    assert compiled > 100
