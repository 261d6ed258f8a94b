#!/usr/bin/env bash
# Stops a server started by start-postgres.sh and removes its files: scripts/stop-postgres.sh DIR
set -euo pipefail
dir=${1:?usage: stop-postgres.sh DIR}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)}
if [ "$(id -u)" = 0 ]; then
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
else
  "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
fi
rm -rf "$dir"
