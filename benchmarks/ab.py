#!/usr/bin/env python3
"""Two release binaries side by side on one database, their requests alternated.

    python3 benchmarks/ab.py --base /path/to/clientele-before --head /path/to/clientele-after [--customers 300000]

On this noisy machine two runs of `run.py` can differ by a factor of two in their own SQL floor, so a regression of
20 % hides in the drift. This script removes the drift from the comparison: one throw-away SQLite file filled once
(by the base binary's `demo-data`), both servers running on it at the same time, and every measured request sent in
small blocks that alternate between the two, so both see the same machine at the same moment and the same data.
Each line prints both medians and p99s and their ratio (head / base): a ratio above 1.10 is a regression beyond the
10 % that issue 17 allows. Creates alternate in one-second bursts of four clients each.

The base binary fills the file (or the head's, `--fill-with head`, to see whether a difference lies in the data
rather than in the server); the other binary then applies its own migrations (a schema only ever grows). Only 127.0.0.1 is ever contacted.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402  (the same server wrapper, accounts and demo-data as the suite)

BLOCK = 10


def fill(binary, workdir, database, customers):
    server = bench.Server(workdir, database, binary)
    server.start()
    bench.create_organization(server)
    server.stop()
    bench.say(f"demo-data: {customers:,} customers")
    demo = subprocess.Popen([str(binary), "demo-data", "--org", bench.ORG_SLUG, "--customers", str(customers)],
                            cwd=workdir, env=server.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    shown = -25
    for line in demo.stdout:
        if "%" in line:
            try:
                percent = int(line.split("] ", 1)[1].split("%")[0])
            except (IndexError, ValueError):
                continue
            if percent >= shown + 25:
                shown = percent
                bench.say(f"  demo-data {percent}%")
    bench.check(demo.wait() == 0, "demo-data failed")


def sign_in(server):
    status, signed = server.request("POST", "/api/v1/auth/token", {"email": bench.ORG_ADMIN[0], "password": bench.ORG_ADMIN[1]})
    bench.check(status == 201, f"org admin sign-in: {status} {signed}")
    return signed["token"]


def alternate_gets(servers, tokens, path, rounds):
    """`rounds` blocks of BLOCK requests on each server in turn, on one keep-alive connection per server."""
    connections = [server.connection(timeout=30) for server in servers]
    samples = [[], []]
    for index in range(2):  # warm-up
        for _ in range(BLOCK):
            servers[index].request("GET", path, token=tokens[index], connection=connections[index])
    for round_ in range(rounds):
        for index in (round_ % 2, 1 - round_ % 2):
            for _ in range(BLOCK):
                started = time.perf_counter()
                status, body = servers[index].request("GET", path, token=tokens[index], connection=connections[index])
                samples[index].append((time.perf_counter() - started) * 1000)
                bench.check(status == 200, f"GET {path} answered {status}: {body}")
    for connection in connections:
        connection.close()
    return samples


def create_burst(server, token, seconds, clients=4):
    """Creates per second of `clients` threads posting new customers for `seconds`."""
    done = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(slot):
        connection = server.connection(timeout=30)
        while time.perf_counter() < deadline:
            tag = uuid.uuid4().hex[:12]
            status, body = server.request("POST", "/api/v1/customers", token=token, connection=connection,
                                          body={"name": f"Ab Test {tag}", "email": f"ab-{tag}@example.com"})
            bench.check(status == 201, f"create answered {status}: {body}")
            done[slot] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def export_seconds(server, token):
    """Seconds to read a whole CSV export."""
    connection = server.connection(timeout=600)
    started = time.perf_counter()
    connection.request("GET", "/api/v1/customers/export.csv", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    while response.read(1 << 20):
        pass
    elapsed = time.perf_counter() - started
    connection.close()
    bench.check(response.status == 200, f"export answered {response.status}")
    return elapsed


def line(label, base, head):
    b50, h50 = statistics.median(base), statistics.median(head)
    b99, h99 = bench.percentile(base, 99), bench.percentile(head, 99)
    return f"| {label} | {b50:.2f} / {b99:.2f} | {h50:.2f} / {h99:.2f} | {h50 / b50:.2f} |"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, type=Path)
    parser.add_argument("--head", required=True, type=Path)
    parser.add_argument("--customers", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=30, help="blocks of 10 requests per server and path")
    parser.add_argument("--create-bursts", type=int, default=6, help="one-second create bursts per server")
    parser.add_argument("--fill-with", choices=["base", "head"], default="base",
                        help="which binary's demo-data fills the file (default base)")
    parser.add_argument("--exports", type=int, default=2, help="CSV exports of the whole file per server, alternated")
    parser.add_argument("--by-id-rounds", type=int, default=4,
                        help="alternated 5-second wrk rounds (-t2 -c16) of GET /api/v1/customers/{id} per server")
    parser.add_argument("--load-first", type=float, default=0, metavar="SECONDS",
                        help="before measuring, load each server as run.py does: wrk -t2 -c16 on a read by id")
    parser.add_argument("--database", type=Path, help="an existing filled file to copy instead of demo-data")
    parser.add_argument("--path", action="append", help="a GET path to compare (repeatable; default: a set)")
    args = parser.parse_args()
    paths = args.path or ["/api/v1/customers?q=ann", "/api/v1/customers?q=0166666", "/api/v1/customers?q=johnson.12",
                          "/api/v1/customers?sort=name", "/api/v1/customers?status=blocked", "/api/v1/customers?tag=vip"]
    with tempfile.TemporaryDirectory(prefix="clientele-ab-") as temp:
        workdir = Path(temp)
        database = workdir / "ab.sqlite"
        if args.database:
            for suffix in ("", "-wal", "-shm"):
                source = Path(str(args.database) + suffix)
                if source.exists():
                    shutil.copyfile(source, str(database) + suffix)
        else:
            fill((args.base if args.fill_with == "base" else args.head).resolve(), workdir, database, args.customers)
        servers = [bench.Server(workdir, database, args.base.resolve()), bench.Server(workdir, database, args.head.resolve())]
        servers[1].log_path = workdir / "head.log"
        try:
            for server in servers:
                server.start()
            tokens = [sign_in(server) for server in servers]
            status, first = servers[0].request("GET", "/api/v1/customers?per_page=1", token=tokens[0])
            if args.load_first:
                sample = first["data"][0]["id"]
                script = workdir / "auth.lua"
                for index, server in enumerate(servers):
                    script.write_text(bench.lua_get_script(tokens[index]))
                    result = bench.wrk(f"http://{bench.HOST}:{server.port}/api/v1/customers/{sample}", int(args.load_first), 16, 2, script)
                    bench.say(f"load on {('base', 'head')[index]}: {result['rate']:,.0f} reads by id/s")
            bench.say(f"{first['total']:,} customers; {args.rounds} × {BLOCK} requests per server and path, alternated")
            rows = ["| request | base p50 / p99 ms | head p50 / p99 ms | head/base p50 |", "| --- | --- | --- | --- |"]
            for path in paths:
                base, head = alternate_gets(servers, tokens, path, args.rounds)
                rows.append(line(f"GET {path}", base, head))
                bench.say(rows[-1])
            if args.by_id_rounds:
                sample = first["data"][0]["id"]
                rates = [[], []]
                for round_ in range(args.by_id_rounds):
                    for index in (round_ % 2, 1 - round_ % 2):
                        script = workdir / f"by-id-{index}.lua"
                        script.write_text(bench.lua_get_script(tokens[index]))
                        rates[index].append(bench.wrk(f"http://{bench.HOST}:{servers[index].port}/api/v1/customers/{sample}",
                                                      5, 16, 2, script)["rate"])
                b, h = statistics.median(rates[0]), statistics.median(rates[1])
                rows.append(f"| GET /api/v1/customers/{{id}} req/s, wrk -t2 -c16 (median of {args.by_id_rounds} rounds) | {b:,.0f} | {h:,.0f} | {b / h:.2f} (base/head) |")
                bench.say(rows[-1])
            seconds = [[], []]
            for round_ in range(args.exports):
                for index in (round_ % 2, 1 - round_ % 2):
                    seconds[index].append(export_seconds(servers[index], tokens[index]))
            if args.exports:
                b, h = min(seconds[0]), min(seconds[1])
                rows.append(f"| GET /api/v1/customers/export.csv, whole file (best of {args.exports}) | {b:.2f} s | {h:.2f} s | {h / b:.2f} |")
                bench.say(rows[-1])
            rates = [[], []]
            for burst in range(args.create_bursts):
                for index in (burst % 2, 1 - burst % 2):
                    rates[index].append(create_burst(servers[index], tokens[index], 1.0))
            if args.create_bursts:
                b, h = statistics.median(rates[0]), statistics.median(rates[1])
                rows.append(f"| POST /api/v1/customers creates/s, 4 clients (median of {args.create_bursts} bursts) | {b:,.0f} | {h:,.0f} | {b / h:.2f} (base/head) |")
                bench.say(rows[-1])
            print("\n" + "\n".join(rows))
        finally:
            for server in servers:
                server.stop()


if __name__ == "__main__":
    main()
