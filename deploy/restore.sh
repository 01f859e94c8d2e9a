#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database.
#
#   deploy/restore.sh /var/backups/thidua/thidua-20261121-020000.dump postgres://…/thidua_restored
#
# Restore into a new database, check it (docs/deployment.md, "Restoring"), then point
# DATABASE_URL at it; never restore over the live database.
set -euo pipefail
dump=${1:?usage: restore.sh DUMP TARGET_DATABASE_URL}
target=${2:?usage: restore.sh DUMP TARGET_DATABASE_URL}
pg_restore --no-owner --exit-on-error --jobs=2 --dbname="$target" "$dump"
echo "restored $dump into ${target##*@}"
