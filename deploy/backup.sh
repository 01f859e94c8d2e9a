#!/usr/bin/env bash
# Back up the portal: the database (pg_dump custom format) and the uploaded/generated files.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/thidua/media BACKUP_DIR=/var/backups/thidua \
#     deploy/backup.sh
#
# Keeps KEEP_DAYS days (default 30). Run nightly from cron or a systemd timer
# (docs/deployment.md, "Backups"); check the restore regularly with deploy/restore.sh.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is required}"
BACKUP_DIR=${BACKUP_DIR:-/var/backups/thidua}
KEEP_DAYS=${KEEP_DAYS:-30}
stamp=$(date +%Y%m%d-%H%M%S)
mkdir -p "$BACKUP_DIR"
# --format=custom: compressed, restorable table by table, in parallel (pg_restore -j).
pg_dump --format=custom --no-owner --file="$BACKUP_DIR/thidua-$stamp.dump.part" "$DATABASE_URL"
mv "$BACKUP_DIR/thidua-$stamp.dump.part" "$BACKUP_DIR/thidua-$stamp.dump"
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$BACKUP_DIR/thidua-media-$stamp.tar.gz" .
fi
find "$BACKUP_DIR" -name 'thidua-*' -mtime +"$KEEP_DAYS" -delete
echo "$BACKUP_DIR/thidua-$stamp.dump"
