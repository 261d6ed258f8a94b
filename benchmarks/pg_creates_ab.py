#!/usr/bin/env python3
"""Creates per second on PostgreSQL, two or more binaries side by side: the A/B that `postgres.py`'s single creates
measurement cannot give on a noisy 2-core machine.

    python3 benchmarks/pg_creates_ab.py --binary /tmp/clientele-A --binary /tmp/clientele-B [--customers 50000]
        [--rounds 5] [--seconds 10]

Starts a throw-away PostgreSQL 15 (scripts/start-postgres.sh) with the README's memory settings, fills one organization
with `clientele demo-data` (fsync off) using the first binary, restarts PostgreSQL durable (fsync, synchronous_commit and
full_page_writes on, as `postgres.py` measures creates), then runs `wrk -t2 -c4` creates (run.py's create script) for
`--seconds` with each binary in turn, `--rounds` times, the order alternating each round, each time on a fresh copy of
the filled database (a binary's migrations change its own copy only) with a fresh server.
Prints each run and each binary's median, minimum and maximum, and the medians' ratio to the first binary's, for the
rate and for the server's own CPU time per create (from /proc: less noisy than the rate, which moves with
PostgreSQL's checkpoints and autovacuum as the table grows round after round).
"""
import argparse
import os
import statistics
import sys
import uuid
from pathlib import Path

import postgres
import run
from pg_statements import fill, fresh_copy, keep_as_template, primary_server, throwaway
from run import HOST, ORG_ADMIN, check, say


def process_cpu(pid):
    """A process's CPU time so far (user and system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, action="append", required=True, help="a clientele release binary (twice or more)")
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    rates = {binary: [] for binary in args.binary}
    cpus = {binary: [] for binary in args.binary}
    with throwaway("clientele-pg-creates-") as (work, pg):
        pg.restart({**postgres.MEMORY, **postgres.FAST})
        fill(work, args.binary[0], pg, args.customers)
        pg.restart(dict(postgres.MEMORY))
        pg.psql("VACUUM ANALYZE")
        keep_as_template(pg)
        for index in range(args.rounds):
            order = args.binary if index % 2 == 0 else list(reversed(args.binary))
            for binary in order:
                fresh_copy(pg)
                server = primary_server(work, binary, pg)
                server.start()
                # Its migrations have run: what they wrote (a rewritten table, rebuilt indexes) is settled before the
                # measurement, as on a server that has been up for a while.
                pg.psql("VACUUM ANALYZE")
                pg.psql("CHECKPOINT")
                _, admin = server.request("POST", "/api/v1/auth/token", {"email": ORG_ADMIN[0], "password": ORG_ADMIN[1]})
                lua = work / "create.lua"
                lua.write_text(run.lua_create_script(admin["token"], uuid.uuid4().hex[:8]))
                before = process_cpu(server.pid)
                result = run.wrk(f"http://{HOST}:{server.port}/api/v1/customers", args.seconds, 4, 2, lua)
                cpu = (process_cpu(server.pid) - before) / max(1, result["requests"]) * 1e6
                server.stop()
                server = None
                check(set(result["statuses"]) == {201}, f"creates answered {result['statuses']}")
                rates[binary].append(result["rate"])
                cpus[binary].append(cpu)
                say(f"round {index + 1}, {binary.name}: {result['rate']:,.0f} creates/s, the server's CPU {cpu:,.0f} µs a create")
        first = statistics.median(rates[args.binary[0]])
        first_cpu = statistics.median(cpus[args.binary[0]])
        print("\n| binary | median creates/s (min–max) | vs the first | the server's CPU per create, median µs (min–max) "
              "| vs the first |\n| --- | --- | --- | --- | --- |")
        for binary, values in rates.items():
            median, cpu = statistics.median(values), statistics.median(cpus[binary])
            print(f"| {binary.name} | {median:,.0f} ({min(values):,.0f}–{max(values):,.0f}) | {median / first:.2f} "
                  f"| {cpu:,.0f} ({min(cpus[binary]):,.0f}–{max(cpus[binary]):,.0f}) | {cpu / first_cpu:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
