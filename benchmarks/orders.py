#!/usr/bin/env python3
"""Clientele's order benchmarks on SQLite: 1,000,000 customers and about 5,000,000 orders in one organization.

Measures, as the orders issue asks: order creation throughput with 4 concurrent clients (and that every
customer's totals equal a recount of its orders afterwards), a customer's order-history page p99, and the
statistics p99 — each next to a baseline from the same run (GET /health throughput; the history query run
straight on the file). Usage: python3 benchmarks/orders.py [--customers N] [--orders-per-customer K] [--skip-build]
"""
import argparse
import http.client
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".build-bench"
BINARY = SCRATCH / "release" / "clientele"
ROOT_USER = ("bench-root@example.com", "bench-root-password")
ADMIN = ("boss@orders.example", "orders-admin-password")


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def call(port, method, path, body=None, token=None, conn=None):
    connection = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if conn is None:
        connection.close()
    return response.status, (json.loads(data) if data else None)


def timed(port, path, token, count=200, warmup=20):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    samples = []
    for index in range(warmup + count):
        started = time.perf_counter()
        status, _ = call(port, "GET", path, token=token, conn=conn)
        assert status == 200, (path, status)
        if index >= warmup:
            samples.append((time.perf_counter() - started) * 1000)
    conn.close()
    return samples


def wrk(url, seconds, connections, script):
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", script, url],
                         capture_output=True, text=True, timeout=seconds + 120).stdout
    rate = float(next(l for l in out.splitlines() if l.startswith("Requests/sec:")).split()[1])
    errors = sum(int(l.split()[-1]) for l in out.splitlines() if "Non-2xx" in l)
    return rate, errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--orders-per-customer", type=int, default=5)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--binary", help="Use this clientele binary (skips the build)")
    args = parser.parse_args()
    global BINARY
    if args.binary:
        BINARY, args.skip_build = Path(args.binary).resolve(), True
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    if not args.skip_build:
        say("building the release binary")
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", str(SCRATCH), "--product", "clientele"], cwd=ROOT, check=True)
    work = Path(tempfile.mkdtemp(prefix="clientele-orders-"))
    database = work / "orders.sqlite"
    port = 19080 + os.getpid() % 900
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}", "LOG_LEVEL": "warning", "CLIENTELE_BCRYPT_COST": "4",
           "CLIENTELE_ADMIN_EMAIL": ROOT_USER[0], "CLIENTELE_ADMIN_PASSWORD": ROOT_USER[1]}
    server = None

    def start():
        process = subprocess.Popen([str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(port)], cwd=work, env=env,
                                   stdout=open(work / "server.log", "ab"), stderr=subprocess.STDOUT)
        for _ in range(600):
            try:
                if call(port, "GET", "/health")[0] == 200:
                    return process
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    rows = []
    try:
        server = start()
        _, root = call(port, "POST", "/api/v1/auth/token", {"email": ROOT_USER[0], "password": ROOT_USER[1]})
        status, org = call(port, "POST", "/api/v1/organizations", token=root["token"], body={
            "name": "Orders", "slug": "orders", "admin": {"email": ADMIN[0], "name": "Boss", "password": ADMIN[1]}})
        assert status == 201, org
        server.terminate(); server.wait()
        say(f"demo-data: {args.customers:,} customers, ~{args.orders_per_customer} orders each")
        started = time.perf_counter()
        subprocess.run([str(BINARY), "demo-data", "--org", "orders", "--customers", str(args.customers),
                        "--orders-per-customer", str(args.orders_per_customer)], cwd=work, env=env, check=True)
        filled = time.perf_counter() - started
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        orders = db.execute("SELECT count(*) FROM orders").fetchone()[0]
        org_blob = str(uuid.UUID(org["id"])).upper()
        sample = db.execute("SELECT id FROM customers WHERE organization_id = ? AND total_orders >= 5 LIMIT 2000", (org_blob,)).fetchall()
        db.close()
        ids = [row[0] for row in sample]
        rows.append(("demo-data", f"{filled:.0f} s ({args.customers:,} customers, {orders:,} orders)", "", "", "", True))

        server = start()
        _, signed = call(port, "POST", "/api/v1/auth/token", {"email": ADMIN[0], "password": ADMIN[1]})
        token = signed["token"]
        base = f"http://127.0.0.1:{port}"

        auth = work / "auth.lua"
        auth.write_text(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
        health, _ = wrk(base + "/health", 10, 4, str(auth))
        say("order creation, 4 concurrent clients")
        create = work / "create.lua"
        create.write_text(f'''
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer {token}"
wrk.headers["Content-Type"] = "application/json"
local ids = {{{",".join(json.dumps(i) for i in ids[:500])}}}
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format(nil, nil, nil, '{{"customer_id":"' .. id .. '","amount":"' .. math.random(1, 99) .. '.50","payment_status":"paid"}}')
end
''')
        creates, errors = wrk(base + "/api/v1/orders", 10, 4, str(create))
        rows.append(("order creates/s, 4 clients", f"{creates:,.0f} ({errors} errors)", f"{health:,.0f} (/health, 4 clients)",
                     creates / health, "≥ 800/s", creates >= 800 and errors == 0))

        say("history and statistics latency")
        customer = ids[len(ids) // 2]
        history = timed(port, f"/api/v1/customers/{customer}/orders", token)
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        blob = customer
        floor = []
        for index in range(220):
            started = time.perf_counter()
            db.execute("SELECT * FROM orders WHERE organization_id = ? AND customer_id = ? ORDER BY seq DESC LIMIT 21", (org_blob, blob)).fetchall()
            db.execute("SELECT count(*) FROM orders WHERE organization_id = ? AND customer_id = ?", (org_blob, blob)).fetchone()
            if index >= 20:
                floor.append((time.perf_counter() - started) * 1000)
        p99, floor_p99 = percentile(history, 99), percentile(floor, 99)
        rows.append(("customer order history p50 / p99 ms", f"{percentile(history, 50):.1f} / {p99:.1f}",
                     f"{percentile(floor, 50):.2f} / {floor_p99:.2f} (sqlite3)", p99 / floor_p99, "p99 ≤ 15 ms", p99 <= 15))
        stats = timed(port, "/api/v1/customers/stats", token, count=100, warmup=5)
        p99 = percentile(stats, 99)
        rows.append(("statistics p50 / p99 ms", f"{percentile(stats, 50):.1f} / {p99:.1f}", "", "", "p99 ≤ 100 ms", p99 <= 100))

        say("recounting every customer's totals from its orders")
        server.terminate(); server.wait()
        mismatches = db.execute("""
            SELECT count(*) FROM customers c LEFT JOIN (
                SELECT customer_id, count(*) AS n, sum(amount_minor) AS spent FROM orders
                WHERE organization_id = ? AND status <> 'cancelled' AND payment_status NOT IN ('refunded', 'failed')
                GROUP BY customer_id) o ON o.customer_id = c.id
            WHERE c.organization_id = ? AND (c.total_orders <> COALESCE(o.n, 0) OR c.total_spent_minor <> COALESCE(o.spent, 0))
            """, (org_blob, org_blob)).fetchone()[0]
        db.close()
        rows.append(("customers whose totals differ from a recount", str(mismatches), "", "", "0", mismatches == 0))
    finally:
        if server and server.poll() is None:
            server.terminate()
        shutil.rmtree(work, ignore_errors=True)

    table = ["| measurement | value | baseline | ratio | target | met |", "| --- | --- | --- | --- | --- | --- |"]
    for label, value, baseline, ratio, target, met in rows:
        table.append(f"| {label} | {value} | {baseline} | {f'{ratio:.2f}' if isinstance(ratio, float) else ratio} | {target} | {'yes' if met else 'NO'} |")
    report = (f"# Order benchmark\n\n{time.strftime('%Y-%m-%d %H:%M')} · {args.customers:,} customers · SQLite · {os.cpu_count()} cores\n\n"
              f"Command: `python3 benchmarks/orders.py --customers {args.customers} --orders-per-customer {args.orders_per_customer}`\n\n"
              + "\n".join(table) + "\n")
    (ROOT / "benchmarks" / "results").mkdir(exist_ok=True)
    (ROOT / "benchmarks" / "results" / "orders.md").write_text(report)
    print("\n" + report)


if __name__ == "__main__":
    main()
