#!/usr/bin/env bash
# A Clientele cluster on one machine, from Debian's packages: PostgreSQL 15 (a primary and a streaming replica made
# with pg_basebackup -R), three `clientele serve` instances on the primary (DATABASE_READ_URL = the replica) sharing
# one upload directory, and nginx in front of them as the load balancer.
#
#   scripts/cluster.sh up                    start (or resume) everything; prints the URL and the admin's credentials
#   scripts/cluster.sh status                what runs, on which port; the replica's lag
#   scripts/cluster.sh down                  stop everything (idempotent); the data stays in CLUSTER_DIR
#   scripts/cluster.sh restart-instance N    stop instance N (1-3) gracefully if it runs, start it, wait until ready
#   scripts/cluster.sh kill-instance N       kill -9 instance N (what a crash looks like)
#   scripts/cluster.sh destroy               down, then delete CLUSTER_DIR: the databases, the uploads, the logs
#
# Environment:
#   CLUSTER_DIR     state: databases, logs, pid files, nginx's configuration (default data/cluster in this checkout)
#   CLUSTER_PORT    nginx's port (default 8080), on CLUSTER_HOST (default 127.0.0.1)
#   CLIENTELE_BIN   the server binary (default .build/debug/clientele when built, else a release build is made)
#   CLIENTELE_ADMIN_EMAIL, CLIENTELE_ADMIN_PASSWORD   the first super admin (default admin@localhost.localdomain and
#                   a generated password, kept in CLUSTER_DIR/state and printed by `up`)
#   CLUSTER_PG_SETTINGS  extra postgresql.conf lines for both servers, `;`-separated (e.g. "fsync=off;synchronous_commit=off")
#   Everything else the caller exports (SMTP_URL, SMTP_FROM, SMS_WEBHOOK_URL, CLIENTELE_*, LOG_LEVEL …) reaches the
#   instances unchanged.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
INSTANCES=3
CLUSTER_DIR=${CLUSTER_DIR:-$ROOT/data/cluster}
CLUSTER_DIR=$(realpath -m "$CLUSTER_DIR")
STATE="$CLUSTER_DIR/state"
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

log() { echo "cluster: $*" >&2; }
die() { echo "cluster: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Ports below the kernel's ephemeral range: one inside it may be the local end of an outgoing connection by the
# time a server binds it.
EPHEMERAL_LOW=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "$EPHEMERAL_LOW" -gt 12000 ] 2>/dev/null || EPHEMERAL_LOW=32768
TAKEN=" "
free_port() {  # sets FREE_PORT: a loopback port nothing listens on, not handed out before by this run
  while :; do
    FREE_PORT=$((10000 + (RANDOM * 32768 + RANDOM) % (EPHEMERAL_LOW - 10000)))
    [[ "$TAKEN" == *" $FREE_PORT "* ]] || port_in_use "$FREE_PORT" || break
  done
  TAKEN+="$FREE_PORT "
}

# --- state: ports and credentials chosen by the first `up`, kept for the next commands ---------------------------
load_state() { [ -f "$STATE" ] && . "$STATE"; return 0; }
save_state() {
  local name
  (
    umask 077
    for name in PRIMARY_PORT REPLICA_PORT INSTANCE_PORTS LB_HOST LB_PORT DB_PASSWORD REPLICATION_PASSWORD \
                ADMIN_EMAIL ADMIN_PASSWORD BIN; do
      printf '%s=%q\n' "$name" "${!name}"
    done >"$STATE"
  )
}
secret() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }

instance_port() { echo "$INSTANCE_PORTS" | cut -d' ' -f"$1"; }

# --- packages ---------------------------------------------------------------------------------------------------
apt_install() {
  is_root || die "$* missing; install it (apt-get install $*) or run as root"
  log "installing $* from Debian's packages…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "$@" >&2
}
ensure_packages() {
  if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_basebackup" ]; then
    apt_install postgresql-15 postgresql-client-15 || apt_install postgresql postgresql-client
    [ -x "$PG_BIN/initdb" ] || PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  if [ ! -x /usr/sbin/nginx ]; then
    apt_install nginx
    # Debian's package starts its own nginx on port 80; ours runs with its own configuration, that one is not needed.
    if [ -f /run/nginx.pid ] && [ -z "${CLUSTER_KEEP_SYSTEM_NGINX:-}" ]; then
      /usr/sbin/nginx -s quit 2>/dev/null || true
    fi
  fi
  command -v curl >/dev/null || apt_install curl
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------
# As root, PostgreSQL runs as the `postgres` user: its directories must be reachable by it. When CLUSTER_DIR sits
# below a directory that user cannot enter (a private temporary directory), they live in /tmp, linked from there.
PG_DIR="$CLUSTER_DIR/pg"
as_postgres() {  # (from /: the caller's directory may be closed to that user)
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
prepare_pg_dir() {
  if [ -e "$PG_DIR" ]; then return; fi
  if is_root; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    if runuser -u postgres -- test -x "$CLUSTER_DIR"; then
      mkdir -p "$PG_DIR"
    else
      local outside
      outside=$(mktemp -d /tmp/clientele-cluster-pg.XXXXXX)
      ln -s "$outside" "$PG_DIR"
    fi
    chown postgres "$(readlink -f "$PG_DIR")"
  else
    mkdir -p "$PG_DIR"
  fi
  mkdir -p "$PG_DIR/run"
  chmod 700 "$PG_DIR/run"
  is_root && chown -R postgres "$(readlink -f "$PG_DIR")/"
  return 0
}
pg_running() { [ -d "$PG_DIR/$1" ] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/$1" status >/dev/null 2>&1; }
psql_primary() {
  as_postgres psql -X -h "$PG_DIR/run" -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
}
pg_start() {  # name port
  local name=$1 port=$2
  pg_running "$name" && return 0
  port_in_use "$port" && die "port $port (PostgreSQL $name) is taken by another program"
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/$name" -l "$PG_DIR/$name.log" -w -t 120 start >/dev/null \
    || { tail -n 30 "$PG_DIR/$name.log" >&2; die "PostgreSQL $name did not start"; }
}
pg_stop() {
  pg_running "$1" || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/$1" -m fast -w -t 60 stop >/dev/null || true
}

init_primary() {
  [ -f "$PG_DIR/primary/PG_VERSION" ] && return 0
  log "initdb: the primary, port $PRIMARY_PORT"
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/primary" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  {
    echo "# scripts/cluster.sh"
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $PRIMARY_PORT"
    echo "unix_socket_directories = '$PG_DIR/run'"
    echo "wal_level = replica"
    echo "max_wal_senders = 10"
    echo "max_replication_slots = 10"
    echo "wal_keep_size = '256MB'"
    echo "hot_standby = on"
    echo "hot_standby_feedback = on"
    echo "max_connections = 200"
    echo "shared_buffers = '128MB'"
    echo "log_line_prefix = '%m [%p] %q%a '"
    tr ';' '\n' <<<"${CLUSTER_PG_SETTINGS:-}"
  } >>"$PG_DIR/primary/postgresql.conf"
  # Local socket: trust (the socket directory is the postgres user's only). TCP on loopback: passwords.
  cat >>"$PG_DIR/primary/pg_hba.conf" <<EOF
# scripts/cluster.sh: the replica streams as 'replicator'
host    replication     replicator      127.0.0.1/32            scram-sha-256
EOF
  pg_start primary "$PRIMARY_PORT"
  psql_primary <<EOF
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD';
CREATE ROLE clientele WITH LOGIN PASSWORD '$DB_PASSWORD';
CREATE DATABASE clientele OWNER clientele;
EOF
}

init_replica() {
  [ -f "$PG_DIR/replica/PG_VERSION" ] && return 0
  log "pg_basebackup: the replica, port $REPLICA_PORT"
  local pgpass="$PG_DIR/run/pgpass"
  echo "127.0.0.1:$PRIMARY_PORT:*:replicator:$REPLICATION_PASSWORD" >"$pgpass"
  chmod 600 "$pgpass"
  is_root && chown postgres "$pgpass"
  # -R writes standby.signal and primary_conninfo; -C -S a replication slot, so that the primary keeps the log
  # the replica has not received yet.
  as_postgres env PGPASSFILE="$pgpass" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator \
    -D "$PG_DIR/replica" -R -X stream -C -S clientele_replica --checkpoint=fast >"$PG_DIR/basebackup.log" 2>&1 \
    || { cat "$PG_DIR/basebackup.log" >&2; die "pg_basebackup failed"; }
  echo "port = $REPLICA_PORT" >>"$PG_DIR/replica/postgresql.conf"
}

wait_streaming() {
  local deadline=$((SECONDS + 60))
  until [ "$(psql_primary -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" -ge 1 ]; do
    [ $SECONDS -lt $deadline ] || { tail -n 30 "$PG_DIR/replica.log" >&2; die "the replica is not streaming"; }
    sleep 0.5
  done
}

# --- the instances ----------------------------------------------------------------------------------------------
alive() {  # a process that exists and is not a zombie
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}
instance_pid() {  # the pid of instance N when it runs (checked against its command line: pids are reused)
  local file="$CLUSTER_DIR/instances/$1.pid" pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "serve --hostname 127.0.0.1 --port $(instance_port "$1")" || return 1
  echo "$pid"
}
ready_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/ready" || true; }

start_instance() {
  local n=$1 port pid
  port=$(instance_port "$n")
  instance_pid "$n" >/dev/null && return 0
  port_in_use "$port" && die "port $port (instance $n) is taken by another program"
  mkdir -p "$CLUSTER_DIR/instances" "$CLUSTER_DIR/shared"
  (
    cd "$CLUSTER_DIR"
    export DATABASE_URL="postgres://clientele:$DB_PASSWORD@127.0.0.1:$PRIMARY_PORT/clientele"
    export DATABASE_READ_URL="postgres://clientele:$DB_PASSWORD@127.0.0.1:$REPLICA_PORT/clientele"
    export CLIENTELE_DATA_DIR="$CLUSTER_DIR/shared"
    export CLIENTELE_ADMIN_EMAIL="$ADMIN_EMAIL" CLIENTELE_ADMIN_PASSWORD="$ADMIN_PASSWORD"
    export CLIENTELE_TRUST_PROXY=true
    export CLIENTELE_PUBLIC_URL="${CLIENTELE_PUBLIC_URL:-http://$LB_HOST:$LB_PORT}"
    exec setsid "$BIN" serve --hostname 127.0.0.1 --port "$port" >>"$CLUSTER_DIR/instances/$n.log" 2>&1 </dev/null
  ) &
  echo $! >"$CLUSTER_DIR/instances/$n.pid"
}
wait_ready() {
  local n=$1 port deadline=$((SECONDS + ${CLUSTER_READY_TIMEOUT:-180}))
  port=$(instance_port "$n")
  until [ "$(ready_status "$port")" = 200 ]; do
    # (alive, checked by pid alone: just after the start it may not have become the server yet)
    alive "$(cat "$CLUSTER_DIR/instances/$n.pid")" ||
      { tail -n 30 "$CLUSTER_DIR/instances/$n.log" >&2; die "instance $n exited"; }
    [ $SECONDS -lt $deadline ] || { tail -n 30 "$CLUSTER_DIR/instances/$n.log" >&2; die "instance $n is not ready"; }
    sleep 0.3
  done
}
stop_instance() {  # SIGTERM: it drains its requests and hands its jobs back; SIGKILL after 30 s
  local n=$1 pid i
  pid=$(instance_pid "$n") || { rm -f "$CLUSTER_DIR/instances/$n.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do
    alive "$pid" || break
    sleep 0.1
  done
  alive "$pid" && { log "instance $n did not stop in 30 s: kill -9"; kill -KILL "$pid" 2>/dev/null || true; }
  rm -f "$CLUSTER_DIR/instances/$n.pid"
}
kill_instance() {
  local n=$1 pid
  pid=$(instance_pid "$n") || die "instance $n is not running"
  kill -KILL "$pid"
  while alive "$pid"; do sleep 0.05; done
  rm -f "$CLUSTER_DIR/instances/$n.pid"
  log "instance $n (pid $pid, port $(instance_port "$n")) killed with SIGKILL"
}

# --- nginx ------------------------------------------------------------------------------------------------------
NGINX_DIR="$CLUSTER_DIR/nginx"
nginx_pid() {
  local pid
  [ -f "$NGINX_DIR/nginx.pid" ] || return 1
  pid=$(cat "$NGINX_DIR/nginx.pid")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "nginx" || return 1
  echo "$pid"
}
write_nginx_conf() {
  mkdir -p "$NGINX_DIR"
  local user_line="" temp="$NGINX_DIR/temp"
  if is_root; then
    # Workers drop to www-data (Debian's nginx user); they write request bodies (imports) to the temp directory.
    id www-data >/dev/null 2>&1 && user_line="user www-data;" || user_line="user nobody nogroup;"
    local worker_user=${user_line#user }; worker_user=${worker_user%%[ ;]*}
    if [ ! -e "$temp" ]; then
      if runuser -u "$worker_user" -- test -x "$NGINX_DIR" 2>/dev/null; then
        mkdir -p "$temp"
      else
        ln -s "$(mktemp -d /tmp/clientele-cluster-nginx.XXXXXX)" "$temp"
      fi
    fi
    chown "$worker_user" "$(readlink -f "$temp")"
  else
    mkdir -p "$temp"
  fi
  local servers="" port
  for port in $INSTANCE_PORTS; do
    servers+="        server 127.0.0.1:$port max_fails=2 fail_timeout=5s;"$'\n'
  done
  cat >"$NGINX_DIR/nginx.conf" <<EOF
# Written by scripts/cluster.sh up; run as: nginx -c $NGINX_DIR/nginx.conf -p $NGINX_DIR/
$user_line
worker_processes 2;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;

events {
    worker_connections 1024;
}

http {
    client_body_temp_path $temp/client_body;
    proxy_temp_path $temp/proxy;
    fastcgi_temp_path $temp/fastcgi;
    uwsgi_temp_path $temp/uwsgi;
    scgi_temp_path $temp/scgi;

    # The request id: the client's X-Request-Id when it sent one, else nginx's own; logged here and passed on.
    map \$http_x_request_id \$clientele_request_id {
        default \$http_x_request_id;
        ""      \$request_id;
    }
    log_format clientele '\$remote_addr [\$time_iso8601] "\$request" \$status \$body_bytes_sent '
                         'rt=\$request_time upstream=\$upstream_addr us=\$upstream_status ut=\$upstream_response_time '
                         'id=\$clientele_request_id';
    access_log $NGINX_DIR/access.log clientele;

    upstream clientele {
        zone clientele 64k;  # the health state is shared by the workers
        # Passive health checks: 2 failed attempts (connection refused, reset, timeout) within 5 s take a server
        # out for 5 s; then one request tries it again.
$servers        keepalive 32;
    }

    server {
        listen $LB_HOST:$LB_PORT;
        server_name _;

        # Imports are uploaded through here (CLIENTELE_MAX_IMPORT_BYTES, 200 MiB by default, is the app's cap).
        client_max_body_size 256m;

        location / {
            proxy_pass http://clientele;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Request-Id \$clientele_request_id;

            proxy_connect_timeout 2s;
            proxy_send_timeout 300s;
            proxy_read_timeout 300s;
            # A request that reached no instance (refused, reset before it was sent, connect timeout) goes to the next
            # one. A POST or PATCH that was already sent is never sent twice (no "non_idempotent" here): the client
            # retries it with its Idempotency-Key.
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 3;
            proxy_next_upstream_timeout 10s;
        }
    }
}
EOF
}
start_nginx() {
  nginx_pid >/dev/null && return 0
  port_in_use "$LB_PORT" && die "port $LB_PORT (nginx) is taken; set CLUSTER_PORT"
  write_nginx_conf
  /usr/sbin/nginx -t -q -e "$NGINX_DIR/error.log" -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR/" \
    || die "nginx rejected $NGINX_DIR/nginx.conf"
  /usr/sbin/nginx -e "$NGINX_DIR/error.log" -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR/"
  local deadline=$((SECONDS + 10))
  until nginx_pid >/dev/null && port_in_use "$LB_PORT"; do
    [ $SECONDS -lt $deadline ] || { tail -n 20 "$NGINX_DIR/error.log" >&2; die "nginx did not start"; }
    sleep 0.1
  done
}
stop_nginx() {
  local pid
  pid=$(nginx_pid) || return 0
  kill -QUIT "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
  alive "$pid" && kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
  return 0
}

resolve_binary() {
  BIN=${CLIENTELE_BIN:-}
  if [ -z "$BIN" ]; then
    if [ -x "$ROOT/.build/debug/clientele" ]; then
      BIN="$ROOT/.build/debug/clientele"
    else
      log "building the server: swift build -c release --product clientele"
      (cd "$ROOT" && swift build -c release --product clientele >&2)
      BIN="$ROOT/.build/release/clientele"
    fi
  fi
  [ -x "$BIN" ] || die "no server binary at $BIN"
  BIN=$(readlink -f "$BIN")
}

# --- commands ---------------------------------------------------------------------------------------------------
cmd_up() {
  mkdir -p "$CLUSTER_DIR"
  ensure_packages
  load_state
  resolve_binary
  if [ -z "${PRIMARY_PORT:-}" ]; then  # the first `up` for this directory
    free_port; PRIMARY_PORT=$FREE_PORT
    free_port; REPLICA_PORT=$FREE_PORT
    INSTANCE_PORTS=""
    for _ in $(seq 1 $INSTANCES); do
      free_port; INSTANCE_PORTS="${INSTANCE_PORTS:+$INSTANCE_PORTS }$FREE_PORT"
    done
    DB_PASSWORD=$(secret); REPLICATION_PASSWORD=$(secret)
    ADMIN_EMAIL=${CLIENTELE_ADMIN_EMAIL:-admin@localhost.localdomain}
    ADMIN_PASSWORD=${CLIENTELE_ADMIN_PASSWORD:-$(secret)}
  fi
  LB_HOST=${CLUSTER_HOST:-${LB_HOST:-127.0.0.1}}
  LB_PORT=${CLUSTER_PORT:-${LB_PORT:-8080}}
  save_state

  prepare_pg_dir
  init_primary
  pg_start primary "$PRIMARY_PORT"
  init_replica
  pg_start replica "$REPLICA_PORT"
  wait_streaming
  log "PostgreSQL: primary 127.0.0.1:$PRIMARY_PORT, replica 127.0.0.1:$REPLICA_PORT (streaming)"

  # On a new database the first instance starts alone: it migrates and creates the first super admin. Later, all
  # together: one migrates under PostgreSQL's advisory lock, the others wait for it. (CLUSTER_START_TOGETHER=1
  # starts all three together on a new database as well.)
  local n first=1
  if [ -z "$(psql_primary -d clientele -c "SELECT 1 FROM pg_tables WHERE tablename = 'users'")" ] &&
     [ -z "${CLUSTER_START_TOGETHER:-}" ]; then
    start_instance 1
    wait_ready 1
    first=2
  fi
  for n in $(seq $first $INSTANCES); do start_instance "$n"; done
  for n in $(seq 1 $INSTANCES); do wait_ready "$n"; done
  log "instances ready on ports $INSTANCE_PORTS (logs in $CLUSTER_DIR/instances/)"

  start_nginx
  cat <<EOF
Clientele cluster up: http://$LB_HOST:$LB_PORT  (nginx → 127.0.0.1:{${INSTANCE_PORTS// /,}})
  super admin: $ADMIN_EMAIL / $ADMIN_PASSWORD  (set on the database's first start; later ones keep it)
  state and logs: $CLUSTER_DIR   stop: scripts/cluster.sh down
EOF
}

cmd_down() {
  [ -d "$CLUSTER_DIR" ] || { log "no cluster in $CLUSTER_DIR"; return 0; }
  load_state
  stop_nginx
  if [ -n "${INSTANCE_PORTS:-}" ]; then
    local n
    for n in $(seq 1 $INSTANCES); do stop_instance "$n" & done
    wait
  fi
  if [ -e "$PG_DIR" ]; then
    pg_stop replica
    pg_stop primary
  fi
  log "stopped (data kept in $CLUSTER_DIR)"
}

cmd_status() {
  load_state
  [ -n "${PRIMARY_PORT:-}" ] || { echo "no cluster in $CLUSTER_DIR"; return 0; }
  local state
  if pg_running primary; then
    echo "postgres primary  127.0.0.1:$PRIMARY_PORT  running"
    psql_primary -F ' ' -c "SELECT '  replica ' || application_name, state, 'replay lag ' || coalesce(replay_lag::text, '0') FROM pg_stat_replication" || true
  else
    echo "postgres primary  127.0.0.1:$PRIMARY_PORT  stopped"
  fi
  pg_running replica && state=running || state=stopped
  echo "postgres replica  127.0.0.1:$REPLICA_PORT  $state"
  local n port pid
  for n in $(seq 1 $INSTANCES); do
    port=$(instance_port "$n")
    if pid=$(instance_pid "$n"); then
      echo "instance $n        127.0.0.1:$port  pid $pid, /ready $(ready_status "$port")"
    else
      echo "instance $n        127.0.0.1:$port  stopped"
    fi
  done
  if pid=$(nginx_pid); then
    echo "nginx             $LB_HOST:$LB_PORT  pid $pid  → http://$LB_HOST:$LB_PORT"
  else
    echo "nginx             $LB_HOST:$LB_PORT  stopped"
  fi
}

cmd_destroy() {
  cmd_down
  [ -d "$CLUSTER_DIR" ] || return 0
  local linked
  for linked in "$PG_DIR" "$NGINX_DIR/temp"; do
    [ -L "$linked" ] && rm -rf "$(readlink -f "$linked")"
  done
  rm -rf "$CLUSTER_DIR"
  log "deleted $CLUSTER_DIR"
}

instance_arg() {
  [[ "${1:-}" =~ ^[1-9][0-9]*$ ]] && [ "$1" -le $INSTANCES ] || die "name an instance: 1 to $INSTANCES"
  load_state
  [ -n "${PRIMARY_PORT:-}" ] || die "no cluster in $CLUSTER_DIR (scripts/cluster.sh up)"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  destroy) cmd_destroy ;;
  restart-instance)
    instance_arg "${2:-}"
    BIN=${CLIENTELE_BIN:-$BIN}
    stop_instance "$2"
    start_instance "$2"
    wait_ready "$2"
    log "instance $2 ready on 127.0.0.1:$(instance_port "$2")"
    ;;
  kill-instance)
    instance_arg "${2:-}"
    kill_instance "$2"
    ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2 ;;
esac
