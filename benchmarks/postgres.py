#!/usr/bin/env python3
"""Clientele's benchmark on PostgreSQL (issue 23): one organization with N customers (default 1,000,000).

    python3 benchmarks/postgres.py [--customers N] [--binary PATH --binary-source TEXT | --skip-build]
                                   [--database-url postgres://…] [--no-write] [--keep]

The same measurements as benchmarks/run.py (SQLite), each next to a baseline from the same invocation:
- GET /api/v1/customers/{id} req/s over GET /health req/s (wrk -t2 -c16, alternating rounds; target ≥ 0.5);
- search p50/p99 (200 sequential requests after 20 warm-ups; target p99 ≤ 20 ms) against the very statements the
  server ran for that request, captured from PostgreSQL's log (log_min_duration_statement = 0 for one request) and
  replayed 200 times with psql over TCP as the floor;
- list page 1 and a deep keyset page (run.py's target, p99 ≤ 10 ms);
- creates/s with 4 clients (wrk -t2 -c4; target ≥ 800/s), with durable settings (fsync, synchronous_commit and
  full_page_writes on) and, for comparison, with scripts/start-postgres.sh's fsync=off settings;
- server RSS, pg_database_size;
- a CSV import of N rows through the API (10 % duplicates in the file, 10 % existing customers, as
  benchmarks/import_export.py makes it) until its job is done (target ≤ 180 s), against psql's \\copy of the same
  file into a temp table and of the customers out;
- reads (GET by id) through nginx to 1 and to 3 `clientele serve` instances on the same database, against 1 instance
  direct. On 2 cores this shows nginx's and the extra processes' overhead, not scaling.

PostgreSQL is a throw-away server from scripts/start-postgres.sh (stopped and removed at the end) unless
--database-url is given. CPU taken by other processes (a build, a test run) is measured per phase and reported.
Results: a Markdown table printed at the end and written to benchmarks/results/postgres.md (not with --no-write).
"""
import argparse
import http.client
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone
from pathlib import Path

import import_export
import loyalty
import run
from run import HOST, ORG_ADMIN, ORG_SLUG, ROOT, Row, check, markdown_table, percentile, say

RESULTS = ROOT / "benchmarks" / "results" / "postgres.md"
NGINX = "/usr/sbin/nginx"

TARGET_RATIO = 0.5          # by id req/s over /health req/s
TARGET_SEARCH_P99 = 20.0    # ms
TARGET_CREATES = 800.0      # creates/s, 4 clients
TARGET_IMPORT = 180.0       # s for N = 1,000,000 rows
TARGET_LIST_P99 = run.TARGET_LIST_P99  # run.py's (SQLite) target; the issue sets none for PostgreSQL
TARGET_RSS_MB = run.TARGET_RSS_MB      # run.py's (SQLite) target

# What scripts/start-postgres.sh starts with (fast, not crash-safe), and the durable defaults measured against it.
FAST = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
# The README's production memory settings (a quarter and three quarters of this 24 GiB machine, rounded down): the
# measurements run with them, demo-data with start-postgres.sh's.
MEMORY = {"shared_buffers": "4GB", "effective_cache_size": "16GB"}
REPORTED_SETTINGS = ["fsync", "synchronous_commit", "full_page_writes", "wal_level", "shared_buffers",
                     "effective_cache_size", "work_mem", "max_wal_size", "checkpoint_timeout", "max_connections",
                     "autovacuum", "jit"]
TICK = os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------------------------------ PostgreSQL

class Postgres:
    """A throw-away PostgreSQL from scripts/start-postgres.sh, or the server at --database-url (never restarted)."""

    def __init__(self, url=None):
        self.url, self.dir, self.ours = url, None, url is None

    def start(self):
        say("starting PostgreSQL: scripts/start-postgres.sh")
        result = subprocess.run(["bash", str(ROOT / "scripts" / "start-postgres.sh")], capture_output=True, text=True,
                                timeout=900, stdin=subprocess.DEVNULL)
        found = re.search(r"^PGDATA_DIR=(.+)$", result.stderr, re.M)
        self.dir = Path(found.group(1)) if found else None
        if result.returncode != 0:
            raise RuntimeError(f"start-postgres.sh failed ({result.returncode}):\n{result.stderr}")
        self.url = result.stdout.strip().splitlines()[-1]
        say(f"  {self.url} (data in {self.dir})")

    @property
    def port(self):
        return urllib.parse.urlsplit(self.url).port

    @property
    def log_path(self):
        return self.dir / "server.log" if self.dir else None

    def _as_postgres(self, command):
        return (["runuser", "-u", "postgres", "--"] + command) if os.geteuid() == 0 else command

    def bin_dir(self):
        opts = (self.dir / "data" / "postmaster.opts").read_text()
        return Path(shlex.split(opts)[0]).parent

    def restart(self, settings):
        """Restarts our server with start-postgres.sh's options but `settings` (command-line -c, which beat any file)."""
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=1000 "
                   + " ".join(f"-c {key}={value}" for key, value in settings.items()))
        say(f"restarting PostgreSQL with {', '.join(f'{k}={v}' for k, v in settings.items())}")
        subprocess.run(self._as_postgres([str(self.bin_dir() / "pg_ctl"), "-D", str(self.dir / "data"),
                                          "-l", str(self.log_path), "-m", "fast", "-w", "-t", "300", "restart",
                                          "-o", options]),
                       check=True, capture_output=True, timeout=600, stdin=subprocess.DEVNULL)

    def psql(self, *commands, timeout=3600, separator="|"):
        command = ["psql", "-X", "-q", "-At", "-F", separator, "-v", "ON_ERROR_STOP=1", self.url]
        for sql in commands:
            command += ["-c", sql]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}\n(statements: {commands})")
        return result.stdout

    def value(self, sql):
        return self.psql(sql).strip()

    def postmaster_pid(self):
        if not self.dir:
            return None
        try:
            return int((self.dir / "data" / "postmaster.pid").read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None

    def describe(self):
        version = self.value("SHOW server_version")
        values = self.psql(*[f"SHOW {name}" for name in REPORTED_SETTINGS]).split("\n")
        return version, ", ".join(f"{name}={value}" for name, value in zip(REPORTED_SETTINGS, values))

    def stop(self, keep=False):
        if not self.ours or not self.dir:
            return
        if keep:
            subprocess.run(self._as_postgres([str(self.bin_dir() / "pg_ctl"), "-D", str(self.dir / "data"), "-m",
                                              "fast", "-w", "stop"]), capture_output=True, timeout=120)
            say(f"kept PostgreSQL's data in {self.dir} (stopped; remove it when done)")
        else:
            subprocess.run(["bash", str(ROOT / "scripts" / "stop-postgres.sh"), str(self.dir)], capture_output=True,
                           timeout=300)
        self.dir = None


# ------------------------------------------------------------------------------------------------ CPU

def tree_cpu(pid):
    """CPU seconds of a process, of its children it has reaped (cutime, cstime) and of its live children: PostgreSQL's
    postmaster with its backends, nginx's master with its workers."""
    def seconds(p):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / TICK, int(fields[1])
    try:
        total, _ = seconds(pid)
    except (OSError, ValueError):
        return 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                child, parent = seconds(entry.name)
            except (OSError, ValueError, IndexError):
                continue
            if parent == pid:
                total += child
    return total


class PhaseCpu(loyalty.OtherCpu):
    """loyalty.OtherCpu counting whole process trees as ours (PostgreSQL, nginx, the servers), plus the CPU each of
    them took, so that a phase's note says where the 2 cores went."""

    def __init__(self, label, groups):
        self.label, self.groups = label, groups  # name -> callable answering the pids of that group
        self.first = self.parts()
        super().__init__(self.pids())

    def pids(self):
        return [pid for pids in self.groups.values() for pid in pids() if pid]

    def _own(self, pids):
        return loyalty.own_cpu() + sum(tree_cpu(pid) for pid in pids)

    def parts(self):
        parts = {name: sum(tree_cpu(pid) for pid in pids() if pid) for name, pids in self.groups.items()}
        parts["this script and its tools (wrk, psql, demo-data)"] = loyalty.own_cpu()
        return parts

    def note(self):
        share = self.share(self.pids())
        elapsed = time.monotonic() - self.started
        available = elapsed * (os.cpu_count() or 1)
        used = {name: value - self.first.get(name, 0.0) for name, value in self.parts().items()}
        spread = ", ".join(f"{name} {value / available:.0%}" for name, value in used.items() if value > 0.005 * available)
        return share, (f"{self.label} ({elapsed:,.0f} s): other processes took {share:.0%} of the machine's CPU"
                       f"{' (figures pessimistic)' if share > 0.05 else ''}; of the {available:,.0f} CPU-seconds "
                       f"available: {spread or 'nothing measurable'}")


# ---------------------------------------------------------------------------------------------- nginx

class Nginx:
    """Debian's nginx in a temp dir with two listeners: one proxying to instance 1 only, one to all three. The upstream
    and proxy settings mirror scripts/cluster.sh's write_nginx_conf (keepalive 32, passive health checks, access log,
    request id)."""

    def __init__(self, directory, one, three):
        self.dir, self.one_port, self.three_port = directory, run.free_port(), run.free_port()
        self.one, self.three = one, three
        self.started = False

    def config(self):
        def upstream(name, ports):
            servers = "".join(f"        server {HOST}:{port} max_fails=2 fail_timeout=5s;\n" for port in ports)
            return f"    upstream {name} {{\n        zone {name} 64k;\n{servers}        keepalive 32;\n    }}\n"

        def server(port, name):
            return f"""    server {{
        listen {HOST}:{port};
        location / {{
            proxy_pass http://{name};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-Id $clientele_request_id;
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 3;
        }}
    }}
"""
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = self.dir / "temp"
        return (f"{user}worker_processes 2;\npid {self.dir}/nginx.pid;\nerror_log {self.dir}/error.log warn;\n"
                "events {\n    worker_connections 1024;\n}\nhttp {\n"
                + "".join(f"    {kind}_temp_path {temp}/{kind};\n"
                          for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
                + "    map $http_x_request_id $clientele_request_id {\n        default $http_x_request_id;\n"
                  "        \"\"      $request_id;\n    }\n"
                + "    log_format clientele '$remote_addr [$time_iso8601] \"$request\" $status $body_bytes_sent "
                  "rt=$request_time upstream=$upstream_addr us=$upstream_status ut=$upstream_response_time "
                  "id=$clientele_request_id';\n"
                + f"    access_log {self.dir}/access.log clientele;\n"
                + upstream("one", self.one) + upstream("three", self.three)
                + server(self.one_port, "one") + server(self.three_port, "three") + "}\n")

    def start(self):
        (self.dir / "temp").mkdir(parents=True, exist_ok=True)
        conf = self.dir / "nginx.conf"
        conf.write_text(self.config())
        base = [NGINX, "-e", str(self.dir / "error.log"), "-c", str(conf), "-p", f"{self.dir}/"]
        subprocess.run(base + ["-t", "-q"], check=True, capture_output=True, timeout=30)
        subprocess.run(base, check=True, capture_output=True, timeout=30)
        self.started = True
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.pid() and all(port_open(port) for port in (self.one_port, self.three_port)):
                return
            time.sleep(0.1)
        raise RuntimeError("nginx did not start: " + (self.dir / "error.log").read_text(errors="replace")[-2000:])

    def pid(self):
        try:
            return int((self.dir / "nginx.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self):
        pid = self.pid()
        if not self.started or not pid:
            return
        for sig, wait in ((signal.SIGQUIT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 2)):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
                time.sleep(0.1)
            if not Path(f"/proc/{pid}").exists():
                break
        self.started = False


def port_open(port):
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


class Endpoint(run.Server):
    """Somewhere run.timed_requests can send requests to (nginx's port): run.Server's request methods only."""

    def __init__(self, port):  # noqa: super().__init__ not called: no process of its own
        self.port, self.process = port, None


# ------------------------------------------------------------------------------------- the SQL floor

LOG_ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] ([A-Z]+):  (.*)$")
PARAMETER = re.compile(r"\$(\d+) = ('(?:[^']|'')*'|NULL)")


def captured_statements(pg, port, path, token):
    """The statements the server runs for one GET `path`, from PostgreSQL's log: log_min_duration_statement = 0 is set
    (ALTER SYSTEM, reload) for that one request only. The request carries its own X-Request-Id, which the server puts
    into its hot reads as `/* rid=… */`; those are taken (all statements executed meanwhile when none is tagged).
    Answers ([sql with its parameters inlined as literals], note)."""
    if not pg.log_path or not pg.log_path.exists():
        return [], "no PostgreSQL log to read (--database-url): no floor"
    rid = f"bench-floor-{uuid.uuid4().hex[:12]}"
    offset = pg.log_path.stat().st_size
    pg.psql("ALTER SYSTEM SET log_min_duration_statement = 0", "SELECT pg_reload_conf()")
    time.sleep(0.5)
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}", "X-Request-Id": rid})
        response = connection.getresponse()
        response.read()
        connection.close()
        check(response.status == 200, f"GET {path}: {response.status}")
    finally:
        pg.psql("ALTER SYSTEM RESET log_min_duration_statement", "SELECT pg_reload_conf()")
    time.sleep(0.3)
    with open(pg.log_path, "rb") as log:
        log.seek(offset)
        text = log.read().decode(errors="replace")
    entries = []
    for line in text.splitlines():
        match = LOG_ENTRY.match(line)
        if match:
            entries.append([match.group(1), match.group(2), match.group(3)])
        elif entries:
            entries[-1][2] += "\n" + line
    executed = []
    for index, (pid, level, message) in enumerate(entries):
        match = re.match(r"duration: [\d.]+ ms  execute [^:]*: (.*)", message, re.S) if level == "LOG" else None
        if not match:
            continue
        params = {}
        for later_pid, later_level, later in entries[index + 1:index + 4]:
            if later_pid == pid and later_level == "DETAIL" and later.startswith("parameters:"):
                params = {int(n): value for n, value in PARAMETER.findall(later)}
                break
            if later_pid == pid and later_level == "LOG":
                break
        sql = re.sub(r"\$(\d+)\b", lambda m: params.get(int(m.group(1)), m.group(0)), match.group(1).strip())
        executed.append(sql)
    tagged = [sql for sql in executed if f"rid={rid}" in sql]
    untagged = [sql for sql in executed if f"rid={rid}" not in sql]
    if tagged:
        note = (f"{len(tagged)} statement(s) tagged with the request's id"
                + (f"; {len(untagged)} untagged statement(s) ran meanwhile (not in the floor): "
                   + "; ".join(f"`{' '.join(sql.split())[:120]}…`" for sql in untagged[:3]) if untagged else ""))
        return tagged, note
    return executed, f"no statement carried the request id: all {len(executed)} executed meanwhile are the floor"


def timed_psql(pg, workdir, statements, count=run.LATENCY_REQUESTS, warmup=run.LATENCY_WARMUP):
    """Runs the statements `warmup + count` times in one psql session over TCP (\\timing: send to last row received,
    output to /dev/null); answers the milliseconds of each sample, the statements' times added up."""
    script = workdir / "floor.sql"
    body = "".join(sql.rstrip().rstrip(";") + ";\n" for sql in statements)
    script.write_text("\\timing on\n\\o /dev/null\n" + body * (warmup + count))
    result = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(script), pg.url],
                            capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise RuntimeError(f"psql floor failed: {result.stderr.strip()[:500]}")
    times = [float(t) for t in re.findall(r"^Time: ([\d.]+) ms", result.stdout, re.M)]
    per = len(statements)
    check(len(times) == per * (warmup + count), f"psql printed {len(times)} timings, expected {per * (warmup + count)}")
    samples = [sum(times[i:i + per]) for i in range(0, len(times), per)]
    return samples[warmup:]


def explain(pg, statement):
    """EXPLAIN (ANALYZE, BUFFERS) of a captured statement, for the notes when a search misses its target."""
    sql = re.sub(r"^/\*.*?\*/\s*", "", statement.strip(), flags=re.S)
    try:
        return pg.psql("EXPLAIN (ANALYZE, BUFFERS) " + sql)
    except RuntimeError as error:
        return f"(EXPLAIN failed: {error})"


# ---------------------------------------------------------------------------------------------- run

class Bench:
    def __init__(self, args, workdir, binary, pg):
        self.args, self.workdir, self.binary, self.pg = args, workdir, binary, pg
        self.rows, self.notes, self.explains, self.phases = [], [], [], []
        self.servers, self.nginx = [], None
        self.token, self.org = None, None

    def server(self, index):
        directory = self.workdir / f"instance-{index}"
        directory.mkdir(exist_ok=True)
        server = run.Server(directory, None, self.binary, database_url=self.pg.url)
        server.env.pop("DATABASE_READ_URL", None)
        self.servers.append(server)
        return server

    def groups(self):
        return {"clientele serve": lambda: [s.pid for s in self.servers if s.process],
                "PostgreSQL": lambda: [self.pg.postmaster_pid()],
                "nginx": lambda: [self.nginx.pid()] if self.nginx and self.nginx.started else []}

    def phase(self, label):
        return PhaseCpu(label, self.groups())

    def end_phase(self, watch):
        share, note = watch.note()
        say(f"  {note}")
        self.phases.append(note)
        return share

    def guarded(self, label, step):
        """A step that fails is reported as such; the run goes on with the next (a 1M run is too dear to lose)."""
        try:
            step()
        except KeyboardInterrupt:
            raise
        except Exception as error:  # noqa: BLE001 - reported in the results
            say(f"{label} FAILED: {error}")
            for server in self.servers:
                if server.process:
                    say(f"--- {server.workdir.name} log (tail) ---\n{server.log_tail(15)}")
            self.notes.append(f"**{label} failed**: {str(error)[:800]}")
            self.rows.append(Row(label, "**failed** (see notes)", checks=[("ran", False, f"{label}: failed: {error}")]))

    # 1-2. Data ------------------------------------------------------------------------------------------------------

    def fill(self):
        n = self.args.customers
        main = self.servers[0]
        say(f"starting clientele serve on {HOST}:{main.port}")
        main.start()
        org = run.create_organization(main, self.slug, self.admin)
        self.org = org
        say(f"organization {self.slug} created ({org['id']}); stopping the server for demo-data")
        main.stop()
        version, settings = self.pg.describe()
        self.notes.append(f"demo-data ran with: {settings}.")
        watch = self.phase("demo-data")
        seconds = run.demo_data(main, self.slug, n)
        say(f"demo-data: {n:,} customers in {seconds:,.1f} s = {n / seconds:,.0f} customers/s")
        self.end_phase(watch)
        fast = "fsync=off, synchronous_commit=off, full_page_writes=off" if self.pg.ours else "the server's settings"
        self.rows.append(Row("demo-data insert", f"{seconds:,.1f} s ({n / seconds:,.0f} customers/s)",
                             target="(informative)", baseline=f"({fast})"))

    def start_measured(self):
        main = self.servers[0]
        if self.pg.ours:
            self.pg.restart({**DURABLE, **MEMORY})
        version, settings = self.pg.describe()
        self.pg_version, self.pg_settings = version, settings
        say(f"PostgreSQL {version}: {settings}")
        analyzed = self.pg.psql("SELECT coalesce(last_analyze::text, '-'), coalesce(last_autoanalyze::text, '-'), "
                                "coalesce(last_vacuum::text, '-'), coalesce(last_autovacuum::text, '-'), n_live_tup, "
                                "n_mod_since_analyze, (SELECT relallvisible || ' of ' || relpages FROM pg_class "
                                "WHERE relname = 'customers') FROM pg_stat_user_tables WHERE relname = 'customers'")
        self.notes.append(f"customers table statistics when the measurements began (last_analyze | last_autoanalyze | "
                          f"last_vacuum | last_autovacuum | n_live_tup | n_mod_since_analyze | pages all-visible): "
                          f"`{analyzed.strip()}`. demo-data ends with `VACUUM (ANALYZE)` of the tables it filled (since "
                          "e3e1e1d; `ANALYZE` only since 97afe4a; before, the planner relied on autovacuum).")
        main.start()
        say(f"server started, PID {main.pid}")
        status, signed = main.request("POST", "/api/v1/auth/token", {"email": self.admin[0], "password": self.admin[1]})
        check(status == 201, f"org admin sign-in: {status} {signed}")
        self.token = signed["token"]
        status, first = main.request("GET", "/api/v1/customers?sort=-created_at&per_page=1", token=self.token)
        check(status == 200 and first["data"], f"first customer: {status} {first}")
        check(first["total"] == self.args.customers, f"the organization has {first['total']} customers, "
                                                      f"expected {self.args.customers}")
        self.sample = first["data"][0]
        share = loyalty.wait_for_quiet(self.args.quiet_wait)
        if share >= 0.10:
            self.notes.append(f"other processes still took {share:.0%} of the CPU when the measurements began "
                              f"(waited up to {self.args.quiet_wait:.0f} s for them).")

    # 3. Measurements -------------------------------------------------------------------------------------------------

    def throughput(self):
        main = self.servers[0]
        base = f"http://{HOST}:{main.port}"
        say("throughput: GET /health (ceiling) and GET /api/v1/customers/{id}, wrk -t2 -c16, 3 alternating rounds")
        health_lua, auth_lua = self.workdir / "health.lua", self.workdir / "auth.lua"
        health_lua.write_text(run.lua_get_script(None))
        auth_lua.write_text(run.lua_get_script(self.token))
        watch = self.phase("throughput (/health vs by id)")
        rounds = wrk_rounds([("health", base + "/health", health_lua),
                             ("by_id", base + f"/api/v1/customers/{self.sample['id']}", auth_lua)])
        self.end_phase(watch)
        ratios = sorted((r["by_id"]["rate"] / r["health"]["rate"], r) for r in rounds)
        ratio, chosen = ratios[len(ratios) // 2]
        bad = sum(r["by_id"]["bad"] for r in rounds)
        health, by_id = chosen["health"], chosen["by_id"]
        self.notes.append("GET /customers/{id} against /health, per round (" + ", ".join(
            f"{r['by_id']['rate']:,.0f} / {r['health']['rate']:,.0f} = {q:.2f}" for q, r in ratios)
            + "): the median is reported.")
        self.rows.append(Row("GET /health req/s (ceiling)", f"{health['rate']:,.0f} (mean latency {health['latency']})"))
        self.rows.append(Row("GET /api/v1/customers/{id} req/s", f"{by_id['rate']:,.0f} (mean latency {by_id['latency']})"
                             + (f", {bad:,} errors" if bad else ""), f"{health['rate']:,.0f} (/health)", f"{ratio:.2f}",
                             f"≥ {TARGET_RATIO}",
                             [("ratio", ratio >= TARGET_RATIO and not bad,
                               f"by id: {ratio:.2f} of /health, target {TARGET_RATIO}" + (f", {bad} errors" if bad else ""))]))

    def searches(self):
        main = self.servers[0]
        phone = self.sample.get("phone") or self.pg.value(
            f"SELECT phone FROM customers WHERE organization_id = '{self.org['id']}' AND phone IS NOT NULL LIMIT 1")
        fragment = "".join(c for c in phone if c.isdigit())[-7:]
        searches = [("name fragment `ann`", "q=ann"),
                    ("`ann` sorted by name", "q=ann&sort=name"),
                    ("`ann` sorted by total spent, descending", "q=ann&sort=-total_spent"),
                    (f"phone fragment `{fragment}` (of {phone})", f"q={fragment}"),
                    ("email fragment `johnson.12`", "q=johnson.12")]
        watch = self.phase("searches (server, then the psql floor)")
        for label, query in searches:
            path = f"/api/v1/customers?{query}&per_page=20"
            say(f"search {label}: {run.LATENCY_REQUESTS} requests after {run.LATENCY_WARMUP} warm-ups, then the SQL floor")
            served, body = run.timed_requests(main, path, self.token)
            p50, p99 = percentile(served, 50), percentile(served, 99)
            total = f"{body['total']:,}{'+' if body.get('total_is_estimate') else ''}"
            statements, how = captured_statements(self.pg, main.port, path, self.token)
            floor = None
            if statements:
                try:
                    floor = timed_psql(self.pg, self.workdir, statements)
                except RuntimeError as error:
                    how += f"; replaying them failed: {error}"
            if floor:
                f50, f99 = percentile(floor, 50), percentile(floor, 99)
                say(f"  server p50 {p50:.2f} ms p99 {p99:.2f} ms; floor ({len(statements)} statements) p50 {f50:.2f} "
                    f"ms p99 {f99:.2f} ms; matches {total}")
                baseline, ratio = f"{f50:.1f} / {f99:.1f} (psql floor)", f"{p99 / f99:.2f}"
            else:
                say(f"  server p50 {p50:.2f} ms p99 {p99:.2f} ms; no floor ({how}); matches {total}")
                baseline, ratio = "—", "—"
            self.notes.append(f"search {label} (`GET {path}`): {total} matches; floor: {how}: "
                              + " then ".join(f"`{' '.join(s.split())[:400]}`" for s in statements))
            if p99 > TARGET_SEARCH_P99:
                for statement in statements:  # the plans of the statements that take more than a millisecond
                    plan = explain(self.pg, statement)
                    took = re.search(r"Execution Time: ([\d.]+) ms", plan)
                    if not took or float(took.group(1)) >= 1.0:
                        self.explains.append((label, statement, plan))
            self.rows.append(Row(f"search {label} p50 / p99 ms", f"{p50:.1f} / {p99:.1f}", baseline, ratio,
                                 f"p99 ≤ {TARGET_SEARCH_P99:.0f} ms",
                                 [("p99", p99 <= TARGET_SEARCH_P99,
                                   f"search {label}: p99 {p99:.1f} ms, target {TARGET_SEARCH_P99:.0f} ms")]))
        self.end_phase(watch)

    def lists(self):
        main = self.servers[0]
        n = self.args.customers
        watch = self.phase("list pages")
        say("list: ?sort=name page 1")
        page1, body = run.timed_requests(main, "/api/v1/customers?sort=name", self.token)
        offset = int(n * 0.9)
        name, seq = self.pg.psql(f"SELECT search_name, seq FROM customers WHERE organization_id = '{self.org['id']}' "
                                 f"ORDER BY search_name, seq LIMIT 1 OFFSET {offset}", separator="\x1f").rstrip("\n").split("\x1f")
        say(f"list: keyset page after row {offset:,} of the name order ({name!r}, seq {seq})")
        deep, body = run.timed_requests(main, f"/api/v1/customers?sort=name&cursor={run.make_cursor(name, int(seq))}",
                                        self.token)
        expected = self.pg.value(f"SELECT id FROM customers WHERE organization_id = '{self.org['id']}' AND "
                                 f"(search_name, seq) > ($q${name}$q$, {seq}) ORDER BY search_name, seq LIMIT 1")
        if not body["data"] or body["data"][0]["id"].lower() != expected.lower():
            self.notes.append(f"the deep keyset page starts at {body['data'][0]['id'] if body['data'] else None}, "
                              f"PostgreSQL's `ORDER BY search_name, seq` says {expected}.")
        self.end_phase(watch)
        for label, samples in [("list `?sort=name` page 1", page1), ("list keyset page at 90% of the name order", deep)]:
            p50, p99 = percentile(samples, 50), percentile(samples, 99)
            say(f"  {label}: p50 {p50:.2f} ms p99 {p99:.2f} ms")
            self.rows.append(Row(f"{label} p50 / p99 ms", f"{p50:.1f} / {p99:.1f}",
                                 target=f"p99 ≤ {TARGET_LIST_P99:.0f} ms (run.py's)",
                                 checks=[("p99", p99 <= TARGET_LIST_P99, f"{label}: p99 {p99:.1f} ms, target "
                                                                         f"{TARGET_LIST_P99:.0f} ms")]))

    def creates(self, label, target=True):
        main = self.servers[0]
        say(f"creates ({label}): wrk -t2 -c4 for {run.CREATE_SECONDS} s, POST /api/v1/customers with unique emails")
        lua = self.workdir / "create.lua"
        lua.write_text(run.lua_create_script(self.token, uuid.uuid4().hex[:8]))
        watch = self.phase(f"creates, {label}")
        result = run.wrk(f"http://{HOST}:{main.port}/api/v1/customers", run.CREATE_SECONDS, 4, 2, lua)
        self.end_phase(watch)
        created = result["statuses"].get(201, 0)
        failed = sum(result["statuses"].values()) - created + result["socket_errors"]
        rate = created / result["seconds"]
        say(f"  {rate:,.0f} creates/s; statuses {run.describe_statuses(result['statuses'])}, socket errors "
            f"{result['socket_errors']}, mean latency {result['latency']}")
        self.create_rates[label] = rate
        baseline, ratio = "—", "—"
        if not target and self.create_rates.get("durable"):
            baseline, ratio = f"{self.create_rates['durable']:,.0f} (durable)", f"{rate / self.create_rates['durable']:.2f}"
        self.rows.append(Row(f"POST /api/v1/customers creates/s, 4 clients, {label}",
                             f"{rate:,.0f} (mean latency {result['latency']}" + (f", {failed:,} errors)" if failed else ")"),
                             baseline, ratio, f"≥ {TARGET_CREATES:,.0f}/s" if target else "(informative)",
                             [("rate", rate >= TARGET_CREATES and not failed,
                               f"creates ({label}): {rate:,.0f}/s, target {TARGET_CREATES:,.0f}/s"
                               + (f", {failed} errors" if failed else ""))] if target else []))

    def memory_and_size(self, when):
        main = self.servers[0]
        memory = main.memory_kb()
        rss, peak = memory["VmRSS"] / 1024, memory.get("VmHWM", 0) / 1024
        size = int(self.pg.value("SELECT pg_database_size(current_database())"))
        customers = int(self.pg.value("SELECT count(*) FROM customers"))
        relation = self.pg.value("SELECT pg_total_relation_size('customers')")
        say(f"{when}: server RSS {rss:.0f} MB (peak {peak:.0f} MB); database {size / 1e6:,.0f} MB, {customers:,} customers")
        self.rows.append(Row(f"server RSS, {when}", f"{rss:.0f} MB (peak {peak:.0f} MB)",
                             target=f"≤ {TARGET_RSS_MB:.0f} MB (run.py's)",
                             checks=[("rss", rss <= TARGET_RSS_MB, f"server RSS {when}: {rss:.0f} MB, target "
                                                                   f"{TARGET_RSS_MB:.0f} MB")]))
        self.rows.append(Row(f"pg_database_size, {when}", f"{size / 1e6:,.0f} MB = {size / customers:,.0f} bytes per "
                             f"customer ({customers:,} customers; the customers table with its indexes "
                             f"{int(relation) / 1e6:,.0f} MB)"))

    def import_csv(self):
        main = self.servers[0]
        n = self.args.customers
        exported = self.workdir / "customers.csv"
        say(f"import: the floor, psql \\copy of the customers' columns out (import_export.py's FLOOR_SQL)")
        started = time.perf_counter()
        self.pg.psql(f"\\copy ({import_export.FLOOR_SQL}) TO '{exported}' WITH (FORMAT csv, HEADER)")
        copy_out = time.perf_counter() - started
        source = self.workdir / "import.csv"
        say(f"  copied out in {copy_out:.1f} s; writing {n:,} import rows (import_export.import_file)")
        import_export.import_file(source, exported, n)
        exported.unlink()
        started = time.perf_counter()
        self.pg.psql("CREATE TEMP TABLE import_floor (name text, email text, phone text, company text)",
                     f"\\copy import_floor FROM '{source}' WITH (FORMAT csv, HEADER)")
        copy_in = time.perf_counter() - started
        say(f"  floor: psql \\copy of the file into a temp table in {copy_in:.1f} s; uploading "
            f"{source.stat().st_size / 1e6:,.0f} MB")
        watch = self.phase("import")
        job, seconds = import_export.run_import(main, self.token, source, timeout=self.args.import_timeout,
                                                show_every=10)
        self.end_phase(watch)
        limit = TARGET_IMPORT * n / 1_000_000
        target = f"≤ {limit:,.0f} s" + ("" if n == 1_000_000 else f" (180 s × N / 1,000,000)")
        if job["status"] != "done":
            done = job.get("rows_done", 0)
            self.rows.append(Row(f"POST import, {n:,} rows", f"**not done** after {seconds:,.0f} s: {job['status']}, "
                                 f"{done:,}/{job.get('rows_total', 0):,} rows ({done / seconds:,.0f} rows/s)",
                                 f"\\copy in {copy_in:.1f} s", "—", target,
                                 [("time", False, f"import: not done after {seconds:,.0f} s ({job})")]))
            self.notes.append(f"the import job was still running when the script stopped waiting for it (after "
                              f"--import-timeout {self.args.import_timeout:,.0f} s): every figure after it was measured "
                              "while the job went on in instance 1.")
            return
        say(f"import: {seconds:.1f} s; created {job['created']:,}, updated {job['updated']:,}, unchanged "
            f"{job['unchanged']:,}, rejected {job['rejected']:,}")
        self.rows.append(Row(f"POST import, {n:,} rows (10% in-file duplicates, 10% existing)",
                             f"{seconds:.1f} s ({n / seconds:,.0f} rows/s; {job['created']:,} created, {job['updated']:,} "
                             f"updated, {job['unchanged']:,} unchanged, {job['rejected']:,} rejected)",
                             f"\\copy into a temp table {copy_in:.1f} s; \\copy customers out {copy_out:.1f} s",
                             f"{seconds / copy_in:.0f}× the \\copy in", target,
                             [("time", seconds <= limit, f"import: {seconds:.1f} s, target {limit:.0f} s")]))

    def nginx_reads(self):
        say("1 vs 3 instances behind nginx: starting instances 2 and 3 on the same database")
        for index in (2, 3):
            server = self.server(index)
            server.start()
            say(f"  instance {index} on {HOST}:{server.port}, PID {server.pid}")
        ports = [s.port for s in self.servers]
        self.nginx = Nginx(self.workdir / "nginx", ports[:1], ports)
        self.nginx.start()
        say(f"nginx (PID {self.nginx.pid()}): {HOST}:{self.nginx.one_port} → instance 1, "
            f"{HOST}:{self.nginx.three_port} → instances 1-3")
        lua = self.workdir / "auth.lua"
        lua.write_text(run.lua_get_script(self.token))
        path = f"/api/v1/customers/{self.sample['id']}"
        targets = [("direct", f"http://{HOST}:{ports[0]}{path}", lua),
                   ("nginx_1", f"http://{HOST}:{self.nginx.one_port}{path}", lua),
                   ("nginx_3", f"http://{HOST}:{self.nginx.three_port}{path}", lua)]
        watch = self.phase("reads through nginx (wrk)")
        rounds = wrk_rounds(targets)
        self.end_phase(watch)
        say("sequential latency (one keep-alive connection, 200 requests after 20 warm-ups) on each path")
        watch = self.phase("reads through nginx (sequential)")
        latency = {}
        for label, port in (("direct", ports[0]), ("nginx_1", self.nginx.one_port), ("nginx_3", self.nginx.three_port)):
            samples, _ = run.timed_requests(Endpoint(port), path, self.token)
            latency[label] = (percentile(samples, 50), percentile(samples, 99))
            say(f"  {label}: p50 {latency[label][0]:.2f} ms p99 {latency[label][1]:.2f} ms")
        self.end_phase(watch)
        served = {}
        try:
            for line in (self.nginx.dir / "access.log").read_text(errors="replace").splitlines():
                match = re.search(r"upstream=(\S+)", line)
                if match:
                    served[match.group(1)] = served.get(match.group(1), 0) + 1
        except OSError:
            pass

        def median(values):
            return sorted(values)[len(values) // 2]
        rates = {label: median([r[label]["rate"] for r in rounds]) for label, _, _ in targets}
        bad = {label: sum(r[label]["bad"] for r in rounds) for label, _, _ in targets}
        one_ratio = median([r["nginx_1"]["rate"] / r["direct"]["rate"] for r in rounds])
        three_ratio = median([r["nginx_3"]["rate"] / r["direct"]["rate"] for r in rounds])
        scale = median([r["nginx_3"]["rate"] / r["nginx_1"]["rate"] for r in rounds])
        self.notes.append("reads through nginx, req/s per round (direct / nginx→1 / nginx→3): " + "; ".join(
            f"{r['direct']['rate']:,.0f} / {r['nginx_1']['rate']:,.0f} / {r['nginx_3']['rate']:,.0f}" for r in rounds)
            + "; medians reported. Requests per upstream in nginx's access log (all runs): "
            + ", ".join(f"{k} {v:,}" for k, v in sorted(served.items())) + ".")

        def value(label):
            r = rounds[len(rounds) // 2][label]
            return (f"{rates[label]:,.0f} req/s (wrk mean {r['latency']}); sequential p50 / p99 "
                    f"{latency[label][0]:.2f} / {latency[label][1]:.2f} ms" + (f"; {bad[label]:,} errors" if bad[label] else ""))
        self.rows.append(Row("GET by id, 1 instance direct (wrk -t2 -c16)", value("direct"), target="(baseline)"))
        self.rows.append(Row("GET by id, nginx → 1 instance", value("nginx_1"), f"{rates['direct']:,.0f} (direct)",
                             f"{one_ratio:.2f}", "(informative: nginx's cost)"))
        self.rows.append(Row("GET by id, nginx → 3 instances", value("nginx_3"), f"{rates['nginx_1']:,.0f} (nginx → 1)",
                             f"{scale:.2f} ({three_ratio:.2f} of direct)",
                             "(informative: 2 cores, overhead not scaling)"))
        self.nginx.stop()
        for server in self.servers[1:]:
            server.stop()
        self.servers = self.servers[:1]

    def fast_creates(self):
        if not self.pg.ours:
            self.notes.append("--database-url: the server's settings were not changed, so creates were measured once.")
            return
        main = self.servers[0]
        main.stop()
        self.pg.restart({**FAST, **MEMORY})
        main.start()
        self.creates("fsync=off (start-postgres.sh's settings)", target=False)

    def measure(self):
        self.create_rates = {}
        self.fill()
        self.start_measured()
        self.guarded("throughput", self.throughput)
        self.guarded("searches", self.searches)
        self.guarded("list pages", self.lists)
        self.guarded("creates", lambda: self.creates("durable"))
        self.guarded("memory and size", lambda: self.memory_and_size("after the reads and creates"))
        self.guarded("import", self.import_csv)
        self.guarded("memory and size after the import", lambda: self.memory_and_size("after the import"))
        self.guarded("1 vs 3 instances behind nginx", self.nginx_reads)
        self.guarded("creates with fsync=off", self.fast_creates)

    def cleanup(self):
        if self.nginx:
            self.nginx.stop()
        for server in self.servers:
            server.stop()


def wrk_rounds(targets, rounds=run.THROUGHPUT_ROUNDS, seconds=run.WRK_SECONDS, connections=16):
    """run.py's alternating rounds (warm-up first): each target for `seconds` in turn, `rounds` times."""
    for _, url, script in targets:
        run.wrk(url, run.WARMUP_SECONDS, connections, 2, script)
    results = []
    for number in range(1, rounds + 1):
        this = {}
        for label, url, script in targets:
            result = run.wrk(url, seconds, connections, 2, script)
            result["bad"] = sum(n for s, n in result["statuses"].items() if s != 200) + result["socket_errors"]
            say(f"  round {number} {label}: {result['rate']:,.0f} req/s, mean latency {result['latency']}, "
                f"statuses {run.describe_statuses(result['statuses'])}, socket errors {result['socket_errors']}")
            this[label] = result
        results.append(this)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=1_000_000, help="demo customers (default 1,000,000)")
    parser.add_argument("--binary", help="measure this clientele binary (implies --skip-build)")
    parser.add_argument("--binary-source", metavar="TEXT", help="what the --binary was built from, for the report")
    parser.add_argument("--skip-build", action="store_true", help="use the release binary already in .build-bench")
    parser.add_argument("--database-url", help="an existing PostgreSQL (postgres://…) instead of a throw-away one; "
                                               "its settings are reported, not changed")
    parser.add_argument("--quiet-wait", type=float, default=120, metavar="SECONDS",
                        help="before measuring, wait at most this long for other processes to leave the CPU (default 120)")
    parser.add_argument("--import-timeout", type=float, default=3600, metavar="SECONDS",
                        help="stop waiting for the import job after this long and report how far it got (default 3600; "
                             "the job goes on in the server, so the phases after it are measured under its load)")
    parser.add_argument("--no-write", action="store_true", help="print the report only")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (and the throw-away PostgreSQL's data, stopped)")
    args = parser.parse_args()
    if args.customers < 100:
        parser.error("--customers must be at least 100")
    for tool in ("wrk", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get update && apt-get install -y {tool if tool == 'wrk' else 'postgresql-client'}")
    if not Path(NGINX).exists():
        sys.exit(f"{NGINX} is missing: apt-get install -y nginx")
    command = "python3 " + shlex.join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:])

    loyalty.stop_on_sigterm()

    source, commit = loyalty.release_binary(args)
    workdir = Path(tempfile.mkdtemp(prefix="clientele-bench-pg-"))
    binary = workdir / "clientele"
    shutil.copy2(source, binary)  # a build started meanwhile cannot change what is measured
    say(f"binary: {source} (git {commit}); temp dir {workdir}")
    pg = Postgres(args.database_url)
    bench = Bench(args, workdir, binary, pg)
    suffix = "" if pg.ours else f"-{uuid.uuid4().hex[:6]}"
    bench.slug = ORG_SLUG + suffix
    bench.admin = (ORG_ADMIN[0].replace("@", f"{suffix}@"), ORG_ADMIN[1])
    started = time.monotonic()
    try:
        if pg.ours:
            pg.start()
        bench.server(1)
        bench.measure()
    except KeyboardInterrupt:
        say("interrupted: stopping the servers, nginx and PostgreSQL, removing the temp dir")
        raise SystemExit(130)
    except Exception:
        for server in bench.servers:
            if server.process:
                print(f"--- {server.workdir.name} log (tail) ---\n" + server.log_tail(), file=sys.stderr)
        raise
    finally:
        bench.cleanup()
        pg.stop(keep=args.keep)
        if args.keep:
            say(f"kept {workdir} (remove it when done)")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    failed = [miss for row in bench.rows for miss in row.misses]
    explains = []
    for label, statement, plan in bench.explains:
        explains += [f"### search {label}", "", "```", " ".join(statement.split())[:2000], "", plan.rstrip(), "```", ""]
    report = "\n".join([
        "# Clientele on PostgreSQL: benchmark results", "",
        f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- customers (N): {args.customers:,} in one organization",
        f"- PostgreSQL: {getattr(bench, 'pg_version', '?')} "
        + ("(a throw-away server from scripts/start-postgres.sh, on 127.0.0.1 over TCP)" if pg.ours
           else "(--database-url)"),
        f"- settings during the measurements: {getattr(bench, 'pg_settings', '?')}"
        + ("; demo-data ran with start-postgres.sh's fsync=off, synchronous_commit=off, full_page_writes=off, and the "
           "server was restarted with them on (durable) for every measurement but the last line's creates" if pg.ours else ""),
        f"- machine: {run.machine_info()}",
        f"- commit measured: {commit}",
        f"- command: `{command}`",
        f"- total run time: {time.monotonic() - started:,.0f} s", "",
        markdown_table(bench.rows), "",
        "Notes:", "",
        *[f"- {note}" for note in bench.notes], "",
        "CPU per phase (other processes = all busy CPU less the servers', PostgreSQL's, nginx's and this script's "
        "with its tools'):", "",
        *[f"- {note}" for note in bench.phases], "",
        *(["Plans of the searches that missed their target (`EXPLAIN (ANALYZE, BUFFERS)` of each statement the server "
           "ran that took 1 ms or more, taken right after that search was measured):", "", *explains] if explains else []),
        "Targets missed:" + ("" if failed else " none."), "", *[f"- {miss}" for miss in failed], ""])
    print("\n" + report)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report)
        say(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
