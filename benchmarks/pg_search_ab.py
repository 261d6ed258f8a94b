#!/usr/bin/env python3
"""Search latency on PostgreSQL, two or more binaries side by side on one filled database, with each request's
statements lined up from PostgreSQL's log: where a search's time goes, the database's and the server's.

    python3 benchmarks/pg_search_ab.py --binary /tmp/clientele-A --binary /tmp/clientele-B [--customers 1000000]
        [--rounds 3] [--path '/api/v1/customers?q=ann&sort=name&per_page=20'] [--timeline 50] [--fresh-copy]

Starts a throw-away PostgreSQL 15 (scripts/start-postgres.sh) with the README's memory settings and fills one
organization with `clientele demo-data` using the first binary (demo-data analyzes and vacuums what it filled). Then,
`--rounds` times, the order alternating each round, each binary in turn gets a fresh server on that database, which
answers each `--path` (postgres.py's searches by default) 20 times to warm up and 200 times measured (sequential, one
keep-alive connection, as postgres.py times searches): p50 and p99. Then, with log_min_duration_statement = 0,
`--timeline` more requests of the first path: their statements, grouped by the request id the server writes into them
(`/* rid=… */`), give the median time of each statement, the median gap before it (the server's own work between two
statements: decoding, building the next one, the trip), and the request's median span from its first statement's start
to its last one's end against its median time at the client.

The binaries share the database, so they must share its migrations, unless `--fresh-copy` gives each run a fresh copy of
the filled database (`CREATE DATABASE … TEMPLATE`: some 30 s a copy at a million customers).
"""
import argparse
import re
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import postgres
import run
from pg_statements import fill, fresh_copy, keep_as_template, primary_server, throwaway
from run import ORG_ADMIN, check, percentile, say

SEARCHES = ["/api/v1/customers?q=ann&sort=name&per_page=20", "/api/v1/customers?q=ann&per_page=20",
            "/api/v1/customers?q=ann&sort=-total_spent&per_page=20", "/api/v1/customers?q=johnson.12&per_page=20"]
LOGGED = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) \S+ \[\d+\] LOG:  duration: ([\d.]+) ms  "
                    r"(?:statement|execute [^:]*): (.*)$")


def timeline(pg, server, token, path, count):
    """`count` requests of `path` with every statement logged: ([(start ms, duration ms, sql)] per request, client ms)."""
    offset = pg.log_path.stat().st_size
    pg.psql("ALTER SYSTEM SET log_min_duration_statement = 0", "SELECT pg_reload_conf()")
    time.sleep(0.5)
    client = []
    connection = server.connection(timeout=60)
    try:
        for _ in range(count):
            started = time.perf_counter()
            status, _ = server.request("GET", path, token=token, connection=connection)
            client.append((time.perf_counter() - started) * 1000)
            check(status == 200, f"GET {path}: {status}")
    finally:
        connection.close()
        pg.psql("ALTER SYSTEM RESET log_min_duration_statement", "SELECT pg_reload_conf()")
    time.sleep(0.3)
    with open(pg.log_path, "rb") as log:
        log.seek(offset)
        text = log.read().decode(errors="replace")
    requests = {}
    for line in text.splitlines():
        match = LOGGED.match(line)
        rid = re.search(r"/\* rid=(\S+) \*/", line)
        if not match or not rid:
            continue
        ended = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp() * 1000
        duration = float(match.group(2))
        requests.setdefault(rid.group(1), []).append((ended - duration, duration, match.group(3).split("*/", 1)[-1].strip()))
    return [sorted(statements) for statements in requests.values()], client


def report_timeline(label, requests, client):
    shapes = {}
    for statements in requests:
        shapes.setdefault(len(statements), []).append(statements)
    common = max(shapes.values(), key=len)
    say(f"  {label}: {len(requests)} requests lined up, {len(common)} of them with {len(common[0])} statements "
        f"(client p50 {statistics.median(client):.2f} ms; statements' sum p50 "
        f"{statistics.median(sum(s[1] for s in r) for r in common):.2f} ms; first start to last end p50 "
        f"{statistics.median(r[-1][0] + r[-1][1] - r[0][0] for r in common):.2f} ms)")
    for index in range(len(common[0])):
        gap = statistics.median(r[index][0] - (r[index - 1][0] + r[index - 1][1]) for r in common) if index else 0.0
        took = statistics.median(r[index][1] for r in common)
        say(f"    gap {gap:5.2f} ms, then {took:5.2f} ms: {' '.join(common[0][index][2].split())[:90]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, action="append", required=True, help="a clientele release binary")
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--path", action="append", help="a GET path to time (repeatable; postgres.py's searches by default)")
    parser.add_argument("--timeline", type=int, default=50, help="requests of the first path lined up statement by statement")
    parser.add_argument("--fresh-copy", action="store_true", help="each run on a fresh copy of the filled database")
    args = parser.parse_args()
    paths = args.path or SEARCHES
    results = {(binary, path): [] for binary in args.binary for path in paths}
    with throwaway("clientele-pg-search-") as (work, pg):
        pg.restart({**postgres.MEMORY, **postgres.FAST})
        fill(work, args.binary[0], pg, args.customers)
        pg.restart(dict(postgres.MEMORY))
        if args.fresh_copy:
            keep_as_template(pg)
        for index in range(args.rounds):
            for binary in (args.binary if index % 2 == 0 else list(reversed(args.binary))):
                if args.fresh_copy:
                    fresh_copy(pg)
                server = primary_server(work, binary, pg)
                server.start()
                _, admin = server.request("POST", "/api/v1/auth/token", {"email": ORG_ADMIN[0], "password": ORG_ADMIN[1]})
                token = admin["token"]
                for path in paths:
                    served, _ = run.timed_requests(server, path, token)
                    results[(binary, path)].append(served)
                    say(f"round {index + 1}, {binary.name}: {path}: p50 {percentile(served, 50):.2f} ms, "
                        f"p99 {percentile(served, 99):.2f} ms")
                if args.timeline:
                    report_timeline(f"round {index + 1}, {binary.name}, {paths[0]}",
                                    *timeline(pg, server, token, paths[0], args.timeline))
                server.stop()
        print("\n| binary | path | p50 per round, ms | p99 per round, ms |\n| --- | --- | --- | --- |")
        for (binary, path), rounds in results.items():
            print(f"| {binary.name} | `{path}` | {', '.join(f'{percentile(r, 50):.1f}' for r in rounds)} "
                  f"| {', '.join(f'{percentile(r, 99):.1f}' for r in rounds)} |")


if __name__ == "__main__":
    sys.exit(main())
