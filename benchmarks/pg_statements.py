#!/usr/bin/env python3
"""Where an import's and a create's time goes on PostgreSQL: the statements PostgreSQL ran, with their calls, planning
and execution time (`pg_stat_statements`).

    python3 benchmarks/pg_statements.py --binary /tmp/clientele-X [--customers 200000] [--rows 50000] [--durable]

Starts a throw-away PostgreSQL 15 (scripts/start-postgres.sh) with `pg_stat_statements` loaded and the README's memory
settings, fills it with `clientele demo-data` (fsync off), then:
1. imports `--rows` rows made by `import_export.import_file` (80 % new people, 10 % repeated in the file, 10 % existing
   customers) through `POST /api/v1/customers/import`, timed until its job is done;
2. waits for the import's upkeep (its duplicate pairs), then runs `wrk -t2 -c4` creates for `--create-seconds` (run.py's
   create script);
and after each prints the 30 statements that took longest (planning + execution) and the totals. With `--durable`
PostgreSQL is restarted with fsync, synchronous_commit and full_page_writes on before the import (as postgres.py
measures), and planning is not tracked; otherwise planning is tracked and writes are not durable.

This is a tool for finding the next statement to fix, not a benchmark with targets: postgres.py measures the targets.
"""
import argparse
import contextlib
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import import_export
import postgres
import run
from run import HOST, ORG_ADMIN, ORG_SLUG, check, say

TOP = ("SELECT calls, round(total_plan_time::numeric) AS plan_ms, round(total_exec_time::numeric) AS exec_ms, "
       "left(regexp_replace(query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements "
       "ORDER BY total_plan_time + total_exec_time DESC LIMIT 30")
TOTALS = ("SELECT sum(calls), round(sum(total_plan_time)::numeric), round(sum(total_exec_time)::numeric) "
          "FROM pg_stat_statements")


def cpu_times():
    """The machine's CPU time so far, busy and idle (iowait counts as idle), in clock ticks."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields[:8]) - idle, idle


def cpu_by_program():
    """CPU time so far of each running program (`clientele`, `postgres`, `wrk`, …), summed over its processes, in
    clock ticks."""
    totals = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        totals[(stat.parent.name, name)] = int(fields[11]) + int(fields[12])
    return totals


def cpu_split(before, after, seconds):
    """Cores each program used between two `cpu_by_program` snapshots, busiest first."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for key, value in after.items():
        used[key[1]] = used.get(key[1], 0) + value - before.get(key, 0)
    busiest = sorted(((v / ticks / seconds, k) for k, v in used.items() if v > 0), reverse=True)[:4]
    return ", ".join(f"{name} {cores:.2f}" for cores, name in busiest)


_servers = []


def primary_server(work, binary, pg):
    """`clientele serve` on the throw-away PostgreSQL only (no read replica), not started (`throwaway` stops it)."""
    server = run.Server(work, None, binary, database_url=pg.url)
    server.env.pop("DATABASE_READ_URL", None)
    _servers.append(server)
    return server


@contextlib.contextmanager
def throwaway(prefix):
    """A temp dir and a throw-away PostgreSQL (scripts/start-postgres.sh) for a probe: on leaving, every server
    `primary_server` made is stopped, then PostgreSQL, and the dir is removed."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    pg = postgres.Postgres()
    try:
        pg.start()
        yield work, pg
    finally:
        for server in _servers:
            server.stop()
        pg.stop()
        subprocess.run(["rm", "-rf", str(work)], check=False)


def maintenance(pg, sql):
    """`sql` run on the server's `template1` database (the measured one, `postgres`, can then be dropped and copied)."""
    url = urllib.parse.urlsplit(pg.url)._replace(path="/template1").geturl()
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, capture_output=True,
                   timeout=1800, stdin=subprocess.DEVNULL)


def keep_as_template(pg):
    """Keeps the measured database as it is now (filled) as the template `filled`, for `fresh_copy`."""
    maintenance(pg, f'CREATE DATABASE filled TEMPLATE "{database_name(pg)}"')


def fresh_copy(pg):
    """Replaces the measured database with a fresh copy of `filled`, so that each binary measured side by side starts
    from the same data and schema (a binary's migrations change its copy only), and checkpoints."""
    maintenance(pg, f'DROP DATABASE "{database_name(pg)}" WITH (FORCE)')
    maintenance(pg, f'CREATE DATABASE "{database_name(pg)}" TEMPLATE filled')
    maintenance(pg, "CHECKPOINT")


def database_name(pg):
    return urllib.parse.urlsplit(pg.url).path.lstrip("/")


def fill(work, binary, pg, customers):
    """The bench organization through the API, then `customers` demo customers; answers the (stopped) server."""
    server = primary_server(work, binary, pg)
    server.start()
    run.create_organization(server)
    server.stop()
    seconds = run.demo_data(server, ORG_SLUG, customers)
    say(f"demo-data: {customers:,} customers in {seconds:,.0f} s")
    return server


def wait_for_upkeep(pg, timeout=1800):
    """Waits until no customer is left to refresh in the duplicate pairs and no other client's statement has been
    running for three looks in a row, a second apart; answers the seconds waited."""
    started = time.monotonic()
    quiet = 0
    while quiet < 3 and time.monotonic() - started < timeout:
        busy = pg.value("SELECT (SELECT count(*) FROM duplicate_pairs_stale) + (SELECT count(*) FROM pg_stat_activity "
                        "WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid())")
        quiet = quiet + 1 if busy == "0" else 0
        time.sleep(1)
    return time.monotonic() - started


def report(pg, label):
    print(f"\n## {label}\n\ncalls | plan ms | exec ms | statement")
    print(re.sub(r"/\* rid=\S+ \*/ ", "", pg.psql(TOP, separator=" | ")).strip())
    calls, plan, execution = pg.value(TOTALS).split("|")
    print(f"\ntotal: {int(calls):,} statements, planning {int(plan or 0):,} ms, execution {int(execution or 0):,} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, required=True, help="the clientele binary (a release build)")
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=50_000, help="rows of the import file")
    parser.add_argument("--create-seconds", type=int, default=15)
    parser.add_argument("--perf", type=Path, help="also record the server with `perf record -g` during the creates, "
                        "into this file (read it with `perf report -i FILE`)")
    parser.add_argument("--perf-import", type=Path, help="also record the server with `perf record -g` during the "
                        "import, into this file")
    parser.add_argument("--durable", action="store_true", help="import and create with fsync on (planning not tracked)")
    args = parser.parse_args()
    with throwaway("clientele-pg-statements-") as (work, pg):
        stats = {"shared_preload_libraries": "pg_stat_statements", "pg_stat_statements.max": "10000"}
        pg.restart({**postgres.MEMORY, **postgres.FAST, **stats,
                    **({} if args.durable else {"pg_stat_statements.track_planning": "on"})})
        server = fill(work, args.binary, pg, args.customers)
        if args.durable:
            pg.restart({**postgres.MEMORY, **stats})
        say("PostgreSQL: " + pg.value("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings "
                                      "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers')"))
        server.start()
        _, admin = server.request("POST", "/api/v1/auth/token", {"email": ORG_ADMIN[0], "password": ORG_ADMIN[1]})
        token = admin["token"]
        import_export.timed_download(server, token, "/api/v1/customers/export.csv", work / "export.csv")
        source = work / "import.csv"
        import_export.import_file(source, work / "export.csv", args.rows)

        pg.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", "SELECT pg_stat_statements_reset()")
        busy, idle = cpu_times()
        programs = cpu_by_program()
        started = time.monotonic()
        importing = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(server.process.pid), "-o",
                                      str(args.perf_import)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if args.perf_import else None
        job, seconds = import_export.run_import(server, token, source, timeout=7200, poll=5)
        if importing:
            importing.send_signal(signal.SIGINT)
            importing.wait()
        split = cpu_split(programs, cpu_by_program(), time.monotonic() - started)
        busy, idle = (a - b for a, b in zip(cpu_times(), (busy, idle)))
        say(f"the import: the machine was {100 * idle / max(1, busy + idle):.0f} % idle; cores used: {split}")
        check(job["status"] == "done", f"import job: {job}")
        say(f"import of {args.rows:,} rows: {seconds:.1f} s ({job['created']:,} created, "
            f"{job['updated']:,} updated, {job['unchanged']:,} unchanged)")
        report(pg, f"import of {args.rows:,} rows into {args.customers:,} customers")

        # The job is done before its upkeep (the planner's statistics, the duplicate pairs of its new customers), which
        # would otherwise run during the creates and be counted with them.
        waited = wait_for_upkeep(pg)
        say(f"the import's upkeep finished {waited:.0f} s after the job")
        lua = work / "create.lua"
        lua.write_text(run.lua_create_script(token, uuid.uuid4().hex[:8]))
        pg.psql("SELECT pg_stat_statements_reset()")
        busy, idle = cpu_times()
        programs = cpu_by_program()
        recorder = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(server.process.pid), "-o", str(args.perf),
                                     "--", "sleep", str(args.create_seconds)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if args.perf else None
        result = run.wrk(f"http://{HOST}:{server.port}/api/v1/customers", args.create_seconds, 4, 2, lua)
        split = cpu_split(programs, cpu_by_program(), args.create_seconds)
        if recorder:
            recorder.wait()
        busy, idle = (a - b for a, b in zip(cpu_times(), (busy, idle)))
        say(f"creates, 4 clients: {result['rate']:,.0f}/s ({result['statuses']}); the machine was "
            f"{100 * idle / max(1, busy + idle):.0f} % idle; cores used: {split}")
        report(pg, f"creates for {args.create_seconds} s")


if __name__ == "__main__":
    sys.exit(main())
