#!/usr/bin/env bash
# The production runtime on this machine (`make serve-prod`): gunicorn serving the site and
# its static files (WhiteNoise), the task worker as its own process, PostgreSQL.
#
#   deploy/serve-prod.sh [all|prepare|web|worker]
#     all      prepare, then the worker (restarted if it stops) and gunicorn (default)
#     prepare  migrate and collect static files (and with SEED=1 load the demo data), then exit
#     web      gunicorn only (GUNICORN_BIND, WEB_CONCURRENCY; see config/gunicorn.py)
#     worker   one task worker (manage.py run_worker)
#
# DATABASE_URL defaults to the machine's PostgreSQL (scripts/postgres-up.sh). This serves
# plain HTTP on the loopback, so HTTPS redirects and secure cookies are switched off here;
# behind a TLS proxy in a real deployment they stay on (docs/deployment.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}

export DJANGO_SETTINGS_MODULE=config.settings.production
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL=$(bash scripts/postgres-up.sh) || { echo "PostgreSQL could not be started" >&2; exit 1; }
  export DATABASE_URL
fi
if [ -z "${SECRET_KEY:-}" ]; then
  mkdir -p .make
  [ -s .make/secret_key ] || .venv/bin/python -c \
    "import secrets; print(secrets.token_urlsafe(64))" > .make/secret_key
  SECRET_KEY=$(cat .make/secret_key)
  export SECRET_KEY
fi
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
export SECURE_COOKIES=${SECURE_COOKIES:-false}
export SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}
export GUNICORN_BIND=${GUNICORN_BIND:-127.0.0.1:8000}

prepare() {
  .venv/bin/python manage.py migrate --noinput -v 0
  .venv/bin/python manage.py collectstatic --noinput -v 0
  # To try the runtime with the demo logins (idempotent): make serve-prod SEED=1
  if [ "${SEED:-0}" = "1" ]; then .venv/bin/python manage.py seed_demo; fi
}

case "$mode" in
  prepare) prepare ;;
  web) exec .venv/bin/gunicorn -c config/gunicorn.py config.wsgi ;;
  worker) exec .venv/bin/python manage.py run_worker --no-startup-delay ;;
  all)
    prepare
    # The worker is restarted if it stops, as systemd's Restart=always does in production.
    # Its own process group (setsid), so that stopping this script stops the loop and the worker.
    setsid bash -c 'while true; do .venv/bin/python manage.py run_worker --no-startup-delay; sleep 1; done' &
    supervisor=$!
    trap 'kill -- -$supervisor 2>/dev/null' EXIT INT TERM
    echo "ThiĐua (production settings) on http://${GUNICORN_BIND}, database ${DATABASE_URL##*@}"
    .venv/bin/gunicorn -c config/gunicorn.py config.wsgi
    ;;
  *) echo "usage: $0 [all|prepare|web|worker]" >&2; exit 2 ;;
esac
