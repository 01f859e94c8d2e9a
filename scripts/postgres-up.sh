#!/usr/bin/env bash
# Start the machine's PostgreSQL cluster, make sure the test role exists, print a DATABASE_URL.
# Exit non-zero (printing nothing on stdout) when PostgreSQL cannot be started here.
set -uo pipefail
command -v pg_lsclusters >/dev/null || exit 1
read -r version name _ < <(pg_lsclusters --no-header | head -n 1) || exit 1
[ -n "${version:-}" ] || exit 1
pg_ctlcluster "$version" "$name" start >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 2 ] || exit 1   # 2: already running
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 2>/dev/null && break
  sleep 0.5
done
port=$(pg_lsclusters --no-header | awk -v v="$version" -v n="$name" '$1==v && $2==n {print $3}')
psql_admin() { runuser -u postgres -- psql -p "$port" -qAtc "$1"; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='portal'")" != "1" ]; then
  psql_admin "CREATE ROLE portal LOGIN CREATEDB PASSWORD 'portal'" >/dev/null || exit 1
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='portal'")" != "1" ]; then
  runuser -u postgres -- createdb -p "$port" -O portal portal || exit 1
fi
echo "postgres://portal:portal@127.0.0.1:${port}/portal"
