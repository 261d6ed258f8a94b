#!/usr/bin/env python3
"""An import's time on PostgreSQL, two or more binaries side by side: the A/B that `postgres.py`'s single import at a
million cannot give on a noisy 2-core machine.

    python3 benchmarks/pg_import_ab.py --binary /tmp/clientele-A --binary /tmp/clientele-B [--customers 200000]
        [--rows 50000] [--rounds 3]

Starts a throw-away PostgreSQL 15 (scripts/start-postgres.sh), fills one organization with `clientele demo-data` (fsync
off) using the first binary, writes an import file from its export (`import_export.import_file`: 80 % new people, 10 %
repeated in the file, 10 % existing customers), keeps the filled database as a template and restarts PostgreSQL durable
with the README's memory settings (as `postgres.py` measures the import). Then, `--rounds` times, the order alternating
each round, for each binary: a fresh copy of the filled database (`CREATE DATABASE … TEMPLATE`), a fresh server, the
file through `POST /api/v1/customers/import` until its job is done. Prints each run (with the cores each program
used and the server's RSS) and each binary's median, minimum and maximum, the medians' ratio to the first binary's,
and the server's peak RSS (a fresh server each run, so the peak is the import's).
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import import_export
import postgres
from pg_statements import cpu_by_program, cpu_split, fill, fresh_copy, keep_as_template, primary_server, throwaway
from run import ORG_ADMIN, check, say


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, action="append", required=True, help="a clientele release binary (twice or more)")
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    times = {binary: [] for binary in args.binary}
    peaks = {binary: [] for binary in args.binary}
    with throwaway("clientele-pg-import-") as (work, pg):
        pg.restart({**postgres.MEMORY, **postgres.FAST})
        server = fill(work, args.binary[0], pg, args.customers)
        server.start()
        _, admin = server.request("POST", "/api/v1/auth/token", {"email": ORG_ADMIN[0], "password": ORG_ADMIN[1]})
        import_export.timed_download(server, admin["token"], "/api/v1/customers/export.csv", work / "export.csv")
        server.stop()
        server = None
        source = work / "import.csv"
        import_export.import_file(source, work / "export.csv", args.rows)
        pg.psql("VACUUM ANALYZE")
        keep_as_template(pg)
        pg.restart(dict(postgres.MEMORY))
        for index in range(args.rounds):
            order = args.binary if index % 2 == 0 else list(reversed(args.binary))
            for binary in order:
                fresh_copy(pg)
                server = primary_server(work, binary, pg)
                server.start()
                _, admin = server.request("POST", "/api/v1/auth/token", {"email": ORG_ADMIN[0], "password": ORG_ADMIN[1]})
                programs, started = cpu_by_program(), time.monotonic()
                job, seconds = import_export.run_import(server, admin["token"], source, timeout=7200, poll=0.25)
                split = cpu_split(programs, cpu_by_program(), time.monotonic() - started)
                memory = dict(line.split(":", 1) for line in Path(f"/proc/{server.pid}/status").read_text().splitlines()
                              if line.startswith(("VmRSS", "VmHWM")))
                peaks[binary].append(int(memory["VmHWM"].split()[0]) // 1024)
                server.stop()
                server = None
                check(job["status"] == "done", f"import job: {job}")
                times[binary].append(seconds)
                say(f"round {index + 1}, {binary.name}: {seconds:.1f} s ({job['created']:,} created, {job['updated']:,} "
                    f"updated, {job['unchanged']:,} unchanged); cores used: {split}; the server's RSS "
                    f"{int(memory['VmRSS'].split()[0]) // 1024} MB after it, peak {peaks[binary][-1]} MB")
        first = statistics.median(times[args.binary[0]])
        print(f"\n{args.rows:,} rows into {args.customers:,} customers, {args.rounds} rounds\n\n"
              "| binary | median s (min–max) | vs the first | the server's peak RSS, median MB (min–max) |\n"
              "| --- | --- | --- | --- |")
        for binary, values in times.items():
            median = statistics.median(values)
            print(f"| {binary.name} | {median:.1f} ({min(values):.1f}–{max(values):.1f}) | {median / first:.2f} "
                  f"| {statistics.median(peaks[binary]):,.0f} ({min(peaks[binary]):,}–{max(peaks[binary]):,}) |")


if __name__ == "__main__":
    sys.exit(main())
