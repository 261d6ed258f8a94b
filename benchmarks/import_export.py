#!/usr/bin/env python3
"""Clientele's import/export benchmark on SQLite: export N customers as CSV and XLSX, import N rows from CSV.

    python3 benchmarks/import_export.py [--customers 1000000] [--skip-build] [--binary PATH]

Builds the release binary into .build-bench (never the shared .build), fills a throw-away database with
`clientele demo-data`, then, each timed against the same run's floor (`sqlite3 -csv` dumping the same columns
from the same file):
- GET /api/v1/customers/export.csv (target ≤ 20 s, server peak RSS growth ≤ 100 MB),
- GET /api/v1/customers/export.xlsx (target ≤ 60 s),
- POST /api/v1/customers/import of N rows, 10% duplicates inside the file and 10% matching existing customers,
  until its job is done (target ≤ 120 s, peak RSS growth ≤ 200 MB).
Prints a Markdown table and writes it to benchmarks/results/import-export.md.
"""
import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from run import (BINARY, HOST, ORG_ADMIN, ORG_SLUG, ROOT, Row, Server, build, check, create_organization, git_head,
                 machine_info, markdown_table, say)

RESULTS = ROOT / "benchmarks" / "results" / "import-export.md"
TARGETS = {"csv": (20.0, 100.0), "xlsx": (60.0, None), "import": (120.0, 200.0)}
FLOOR_SQL = ("SELECT name, first_name, last_name, email, phone, company, tags, status, created_at, loyalty_points, "
             "visits, total_orders, total_spent_minor, last_order_at, email_opt_in, sms_opt_in FROM customers")


def peak_kb(server):
    return server.memory_kb().get("VmHWM", 0)


def reset_peak(server):
    """Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs), so each step's peak is its own."""
    try:
        Path(f"/proc/{server.pid}/clear_refs").write_text("5")
    except OSError:
        pass


def timed_download(server, token, path, out):
    request = urllib.request.Request(f"http://{HOST}:{server.port}{path}", headers={"Authorization": f"Bearer {token}"})
    started, size, shown = time.perf_counter(), 0, 0
    with urllib.request.urlopen(request, timeout=3600) as response, open(out, "wb") as file:
        while chunk := response.read(1 << 20):
            file.write(chunk)
            size += len(chunk)
            if size - shown >= 50 << 20:
                shown = size
                say(f"  {path}: {size / 1e6:,.0f} MB ({time.perf_counter() - started:,.0f} s)")
    return time.perf_counter() - started, size


def floor(database, out):
    started = time.perf_counter()
    with open(out, "wb") as file:
        subprocess.run(["sqlite3", "-csv", "-header", str(database), FLOOR_SQL], stdout=file, check=True)
    return time.perf_counter() - started


def import_file(path, exported, n):
    """N rows: 80% new people, 10% repeating earlier rows of the file, 10% customers already in the database."""
    existing = list(csv.reader(io.open(exported, encoding="utf-8-sig")))[1:]
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Full Name", "E-Mail", "Mobile", "Company"])
        fresh = []
        for i in range(n):
            if i % 10 == 8 and fresh:
                writer.writerow(fresh[(i * 7919) % len(fresh)])
            elif i % 10 == 9 and existing:
                row = existing[(i * 104729) % len(existing)]
                writer.writerow([row[0], row[3], row[4].lstrip("'"), "Imported Co"])
            else:
                row = [f"Imported Person {i}", f"imported.{i}@bench.example", f"+4930{20000000 + i}", ""]
                fresh.append(row)
                writer.writerow(row)


def run_import(server, token, source, timeout=3600.0, poll=1.0, show_every=0.0):
    """Uploads `source` to POST /api/v1/customers/import and polls its job until it is no longer running or `timeout`
    seconds have passed, printing its progress at most every `show_every` seconds. Returns the last state of the job and
    the seconds from the upload's start."""
    started = time.perf_counter()
    request = urllib.request.Request(f"http://{HOST}:{server.port}/api/v1/customers/import", data=open(source, "rb"),
                                     method="POST", headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv",
                                                             "Content-Length": str(source.stat().st_size)})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        job = json.loads(response.read())
    say(f"  uploaded in {time.perf_counter() - started:.1f} s; job {job.get('id')} {job.get('status')}")
    shown = 0.0
    while job["status"] == "running" and time.perf_counter() < started + timeout:
        time.sleep(poll)
        status, answer = server.request("GET", f"/api/v1/imports/{job['id']}", token=token)
        if status == 200:
            job = answer
        if time.perf_counter() - shown >= show_every:
            shown = time.perf_counter()
            say(f"  import: {job.get('rows_done', 0):,}/{job.get('rows_total', 0):,} rows "
                f"({time.perf_counter() - started:,.0f} s)")
    return job, time.perf_counter() - started


def run(args, workdir, server, rows, notes):
    n = args.customers
    server.start()
    create_organization(server)
    server.stop()
    say(f"demo-data: {n:,} customers")
    subprocess.run([str(server.binary), "demo-data", "--org", ORG_SLUG, "--customers", str(n)], cwd=workdir,
                   env=server.env, check=True, stdout=subprocess.DEVNULL)
    server.start()
    _, admin = server.request("POST", "/api/v1/auth/token", {"email": ORG_ADMIN[0], "password": ORG_ADMIN[1]})
    token = admin["token"]

    floor_seconds = floor(server.database, workdir / "floor.csv")
    say(f"floor: sqlite3 -csv dumped {n:,} customers in {floor_seconds:.1f} s")
    for kind in ("csv", "xlsx"):
        reset_peak(server)
        before = server.memory_kb()["VmRSS"]
        seconds, size = timed_download(server, token, f"/api/v1/customers/export.{kind}", workdir / f"export.{kind}")
        growth = (peak_kb(server) - before) / 1024
        limit, rss_limit = TARGETS[kind]
        checks = [("time", seconds <= limit, f"export.{kind}: {seconds:.1f} s, target {limit:.0f} s")]
        if rss_limit:
            checks.append(("rss", growth <= rss_limit, f"export.{kind}: peak RSS +{growth:.0f} MB, target {rss_limit:.0f} MB"))
        say(f"export.{kind}: {seconds:.1f} s, {size / 1e6:,.0f} MB, peak RSS +{growth:.0f} MB")
        rows.append(Row(f"GET export.{kind}, {n:,} customers", f"{seconds:.1f} s ({size / 1e6:,.0f} MB, RSS +{growth:.0f} MB)",
                        f"sqlite3 -csv {floor_seconds:.1f} s", f"{seconds / floor_seconds:.1f}×",
                        f"≤ {limit:.0f} s" + (f", RSS ≤ +{rss_limit:.0f} MB" if rss_limit else ""), checks))

    source = workdir / "import.csv"
    import_file(source, workdir / "export.csv", n)
    reset_peak(server)
    before = server.memory_kb()["VmRSS"]
    job, seconds = run_import(server, token, source)
    growth = (peak_kb(server) - before) / 1024
    check(job["status"] == "done", f"import job: {job}")
    limit, rss_limit = TARGETS["import"]
    rows.append(Row(f"POST import, {n:,} rows (10% in-file duplicates, 10% existing)",
                    f"{seconds:.1f} s ({job['created']:,} created, {job['updated']:,} updated, {job['unchanged']:,} "
                    f"unchanged, {job['rejected']:,} rejected; RSS +{growth:.0f} MB)",
                    f"sqlite3 -csv {floor_seconds:.1f} s", f"{seconds / floor_seconds:.1f}×",
                    f"≤ {limit:.0f} s, RSS ≤ +{rss_limit:.0f} MB",
                    [("time", seconds <= limit, f"import: {seconds:.1f} s, target {limit:.0f} s"),
                     ("rss", growth <= rss_limit, f"import: peak RSS +{growth:.0f} MB, target {rss_limit:.0f} MB")]))
    notes.append("the floor is the same file dumped by `sqlite3 -csv` (no quoting rules, formulas or JSON tags "
                 "decoded); RSS growth is the server's VmHWM over its RSS before the step.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--binary", type=Path, help="use this clientele binary (implies --skip-build)")
    args = parser.parse_args()
    if not shutil.which("sqlite3"):
        sys.exit("sqlite3 is missing: apt-get install -y sqlite3")
    if not args.skip_build and not args.binary:
        build()
    source = (args.binary or BINARY).resolve()
    workdir = Path(tempfile.mkdtemp(prefix="clientele-bench-io-"))
    binary = workdir / "clientele"
    shutil.copy2(source, binary)
    server = Server(workdir, workdir / "bench.sqlite", binary)
    rows, notes = [], []
    try:
        run(args, workdir, server, rows, notes)
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    failed = [miss for row in rows for miss in row.misses]
    report = "\n".join(["# Clientele import/export benchmark", "",
                        f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
                        f"- machine: {machine_info()}", f"- binary: {source} (git {git_head()})", "",
                        markdown_table(rows), "", "Notes:", "", *[f"- {note}" for note in notes], "",
                        "Targets missed:" + ("" if failed else " none."), *[f"- {miss}" for miss in failed], ""])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    print("\n" + report)


if __name__ == "__main__":
    main()
