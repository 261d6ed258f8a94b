#!/usr/bin/env bash
# Starts a throw-away PostgreSQL 15 on a free loopback port and prints its DATABASE_URL on stdout.
# Installs PostgreSQL from Debian's packages when it is missing. Stop it with:
#   scripts/stop-postgres.sh "$PGDATA_DIR"   (the directory is printed on stderr)
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "installing PostgreSQL 15 from Debian's packages…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql-15 >&2 || apt-get install -y -qq postgresql >&2
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
dir=$(mktemp -d /tmp/clientele-pg.XXXXXX)
run_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
    chown -R postgres "$dir"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

run_as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# Tests create and drop a schema each and run in parallel: allow many connections, skip durability. Migrations lock
# many of a schema's objects in one transaction, many at once, and the default 64 a transaction ran out: 256.
run_as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=1000 -c max_locks_per_transaction=256 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
  || { cat "$dir/server.log" >&2; exit 1; }

# The search's trigram extension, made once here: two test processes (or two test targets in one) creating it at once
# on a fresh server fail the later one on pg_extension's unique index. The migrations still create it where it is not.
run_as_postgres "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -qc "CREATE EXTENSION IF NOT EXISTS pg_trgm" >&2 \
  || { cat "$dir/server.log" >&2; exit 1; }

echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
echo "PGDATA_DIR=$dir" >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
