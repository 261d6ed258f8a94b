#!/usr/bin/env python3
"""Clientele's courier-client benchmarks (issue 20) on SQLite, with a release build, in one command.

Measures, each next to a baseline from the same run:
  (a) client orders/s (`POST /api/v1/client/orders`) from 4 client users of one courier, each with its own bearer
      token and two connections (8 requests in flight): with a new recipient in every order (intake creates the
      customer) and with recipients that repeat (200 of them, matched by phone). Baselines: `GET /health` and the
      staff order with customer intake (`POST /api/v1/orders` with `customer`), new and repeating recipients, at the
      same concurrency, in blocks that alternate kinds so that the machine's drift cancels (target >= 500 orders/s);
  (b) the public tracking page `GET /track/{code}` over 1,000 delivery codes of client orders (a random one per
      request; a quarter of them moved to in_transit so the page shows moves and messages) against `GET /health`,
      wrk in alternating rounds (target >= 50 % of /health), with p50/p99 under load; then one keep-alive connection
      asking /health, a known code and an unknown well-formed code in turn: p50/p99 of each, and whether the 404 is
      within the noise of a known code's 200.

Usage: python3 benchmarks/courier.py [--only a,b] [--quick] [--skip-build | --binary PATH] [--keep]
Results: a Markdown table printed at the end and, unless --quick, written to benchmarks/results/courier.md.
The helpers (server, API client, CPU accounting, the quiet wait) are benchmarks/loyalty.py's.
"""
import argparse
import datetime
import json
import os
import random
import re
import shlex
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import loyalty as common
from loyalty import (WRK_STATUS_LUA, Api, OtherCpu, cpu_seconds, describe, git_head, machine_info, percentile, say,
                     sign_in, wait_for_quiet)

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".build-bench"
BINARY = SCRATCH / "release" / "clientele"
ROOT_USER = common.ROOT_USER
ADMIN = ("boss@courier.example", "courier-admin-password")
CLIENT_PASSWORD = "a-long-password-1"
SLUG = "courier"
PUBLIC_URL = "https://courier.example"
CLIENTS = 4
POOL = 200            # recipients that repeat in the "repeat" blocks
TARGET_ORDERS = 500.0  # client orders/s
TARGET_TRACK = 0.5     # tracking page req/s over /health req/s
# Recipients' phones: +1 AREA EXCH LINE, one per index (AREA from the index / 8,000,000, EXCH 200–999, LINE 0000–9999).
AREAS = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228]
CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # RandomCode's (Crockford base32, lower case)


def phone_of(index):
    return f"+1{AREAS[index // 8_000_000 % len(AREAS)]}{200 + index // 10_000 % 800:03d}{index % 10_000:04d}"


def recipient_of(index):
    return {"name": f"Rita Recipient{index}", "phone": phone_of(index), "email": f"r{index}@recipients.example"}


def window():
    start = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    return {"start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")}


def client_order_body(index, recipient):
    return {"pickup": {"line1": "1 Bakery Rd", "city": "Springfield"},
            "dropoff": {"line1": f"{index % 999 + 1} Elm St", "city": "Shelbyville"},
            "recipient": recipient, "dropoff_window": window()}


def staff_order_body(recipient):
    return {"amount": "12.50", "customer": recipient}


# --- wrk ------------------------------------------------------------------------------------------------------------

def wrk(url, seconds, threads, connections, script):
    """`wrk -tT -cC -dSs --latency`: good (2xx) responses/s, requests, {status: n}, socket errors, latency p50/p99 ms."""
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s", script, url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120).stdout
    statuses = {int(m.group(1)): int(m.group(2)) for m in re.finditer(r"^STATUS (\d+) (\d+)$", out, re.M)}
    match = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)\b", out)
    if not match:
        raise RuntimeError(f"wrk: no summary in its output:\n{out}")
    requests = int(match.group(1))
    seconds_run = float(match.group(2)) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[match.group(3)]
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(x) for x in socket.groups()) if socket else 0
    latency = {}
    for m in re.finditer(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        latency[int(m.group(1))] = float(m.group(2)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(3)]
    good = sum(n for status, n in statuses.items() if 200 <= status < 300)
    return {"rate": good / seconds_run, "requests": requests, "statuses": statuses, "socket_errors": socket_errors,
            "p50": latency.get(50), "p99": latency.get(99)}


def order_script(path, kind, tokens, base, threads, pool=None):
    """A wrk script for order creation: each wrk thread is one client (its own token). `kind` is client-new,
    client-repeat, staff-new or staff-repeat; new recipients take the index base + n·threads + thread - 1 (unique in
    the run), repeating ones a random member of `pool` (their indexes)."""
    when = window()
    lines = [
        "local tokens = {" + ",".join(json.dumps(t) for t in tokens) + "}",
        "local areas = {" + ",".join(str(a) for a in AREAS) + "}",
        f"local base, threads = {base}, {threads}",
        "local pool = {" + ",".join(str(i) for i in (pool or [])) + "}",
        "counter = 0",
        "function init(args)",
        "  local token = tokens[((tid - 1) % #tokens) + 1]",
        '  hdrs = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}',
        "  math.randomseed(os.time() * 1000 + tid * 7919)",
        "end",
        "local function recipient(idx)",
        "  local phone = string.format('+1%d%03d%04d', areas[math.floor(idx / 8000000) % #areas + 1],",
        "                              200 + math.floor(idx / 10000) % 800, idx % 10000)",
        "  return '{\"name\":\"Rita Recipient' .. idx .. '\",\"phone\":\"' .. phone .. '\",\"email\":\"r' .. idx .. '@recipients.example\"}'",
        "end",
        "request = function()",
        "  local idx",
    ]
    if kind.endswith("repeat"):
        lines.append("  idx = pool[math.random(#pool)]")
    else:
        lines += ["  counter = counter + 1", "  idx = base + counter * threads + tid - 1"]
    if kind.startswith("client"):
        lines.append(
            "  local body = '{\"pickup\":{\"line1\":\"1 Bakery Rd\",\"city\":\"Springfield\"},\"dropoff\":{\"line1\":\"' .. "
            "(idx % 999 + 1) .. ' Elm St\",\"city\":\"Shelbyville\"},\"recipient\":' .. recipient(idx) .. "
            f"',\"dropoff_window\":{{\"start\":\"{when['start']}\",\"end\":\"{when['end']}\"}}}}'")
    else:
        lines.append("  local body = '{\"amount\":\"12.50\",\"customer\":' .. recipient(idx) .. '}'")
    lines += ['  return wrk.format("POST", wrk.path, hdrs, body)', "end"]
    path.write_text("\n".join(lines) + "\n" + WRK_STATUS_LUA)
    return str(path)


def track_script(path, codes):
    lines = ["local codes = {" + ",".join(json.dumps(c) for c in codes) + "}",
             "function init(args) math.randomseed(os.time() * 1000 + tid * 7919) end",
             "request = function()",
             "  return wrk.format(\"GET\", \"/track/\" .. codes[math.random(#codes)])",
             "end"]
    path.write_text("\n".join(lines) + "\n" + WRK_STATUS_LUA)
    return str(path)


def plain_script(path):
    path.write_text(WRK_STATUS_LUA)
    return str(path)


# --- the file -------------------------------------------------------------------------------------------------------

class Counts:
    """Row counts of the courier's organization, read straight from the file (read-only, WAL)."""

    def __init__(self, database, org):
        self.database, self.org = database, org

    def read(self):
        db = sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)
        try:
            one = lambda sql: db.execute(sql, (self.org,)).fetchone()[0]  # noqa: E731
            return {"customers": one("SELECT count(*) FROM customers WHERE organization_id = ?"),
                    "orders": one("SELECT count(*) FROM orders WHERE organization_id = ?"),
                    "client_orders": one("SELECT count(*) FROM orders WHERE organization_id = ? AND client_id IS NOT NULL"),
                    "tasks": one("SELECT count(*) FROM tasks WHERE organization_id = ?"),
                    # The most tasks any one client has: what a client's own reads have to step over if they scan.
                    "client_tasks": one("SELECT COALESCE(max(n), 0) FROM (SELECT count(*) AS n FROM tasks "
                                        "WHERE organization_id = ? AND client_id IS NOT NULL GROUP BY client_id)")}
        finally:
            db.close()


def invitation_secret(database, email):
    """The secret of the newest invitation link sent to `email`, from its queued outbox row (no SMTP_URL: it stays)."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT body FROM notifications WHERE kind = 'account' AND recipient = ? ORDER BY seq DESC LIMIT 1",
                         (email,)).fetchone()
    finally:
        db.close()
    match = re.search(r"/client/accept\?token=([A-Za-z0-9_\-]+)", row[0] if row else "")
    if not match:
        raise RuntimeError(f"no invitation link for {email} in the outbox")
    return match.group(1)


def in_threads(items, work, threads=CLIENTS):
    """work(slot, item) for every item, item i by thread i mod `threads`; re-raises the first error."""
    errors = []

    def run(slot):
        try:
            for item in items[slot::threads]:
                work(slot, item)
        except Exception as error:  # noqa: BLE001 - re-raised below
            errors.append(error)
    workers = [threading.Thread(target=run, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]


# --- the run --------------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="a,b", help="the parts to run: a, b or a,b (default)")
    parser.add_argument("--quick", action="store_true", help="short blocks, one cycle, fewer samples; printed only")
    parser.add_argument("--block-seconds", type=float, default=8, help="length of each wrk block of (a) (default 8)")
    parser.add_argument("--cycles", type=int, default=3, help="cycles of (a): each one block of every kind (default 3)")
    parser.add_argument("--connections", type=int, default=8,
                        help="requests in flight in (a), over 4 clients (a multiple of 4; default 8)")
    parser.add_argument("--codes", type=int, default=1000, help="distinct delivery codes for (b) (default 1,000)")
    parser.add_argument("--samples", type=int, default=1000, help="sequential requests of each kind in (b) (default 1,000)")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--binary", help="use this clientele binary (skips the build)")
    parser.add_argument("--binary-source", metavar="TEXT",
                        help="what the --binary was built from (e.g. a commit), written into the report")
    parser.add_argument("--quiet-wait", type=float, default=300, metavar="SECONDS",
                        help="before measuring, wait at most this long for other processes to leave the CPU (default 300)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, server log, wrk scripts)")
    args = parser.parse_args()
    parts = {part.strip() for part in args.only.split(",") if part.strip()}
    if not parts or parts - {"a", "b"}:
        parser.error("--only takes a, b or a,b")
    if args.connections < CLIENTS or args.connections % CLIENTS:
        parser.error("--connections must be a multiple of 4 (each of the 4 clients has the same number)")
    if args.quick:
        args.block_seconds, args.cycles, args.samples = min(args.block_seconds, 3), 1, min(args.samples, 200)
    if not shutil.which("wrk") or not shutil.which("sqlite3"):
        sys.exit("wrk and the sqlite3 CLI are needed: apt-get update && apt-get install -y wrk sqlite3")
    global BINARY
    BINARY, commit = common.release_binary(args)
    built = datetime.datetime.fromtimestamp(BINARY.stat().st_mtime, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    shown = os.path.relpath(BINARY, ROOT) if BINARY.is_relative_to(ROOT) else str(BINARY)
    binary_info = f"`{shown}` built {built}"

    work = Path(tempfile.mkdtemp(prefix="clientele-courier-"))
    # A private copy: a build started meanwhile in .build-bench cannot change what is measured.
    shutil.copy2(BINARY, work / "clientele")
    common.BINARY = work / "clientele"
    database = work / "courier.sqlite"
    port = 22080 + os.getpid() % 900
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}", "LOG_LEVEL": "warning", "CLIENTELE_BCRYPT_COST": "4",
           "CLIENTELE_ADMIN_EMAIL": ROOT_USER[0], "CLIENTELE_ADMIN_PASSWORD": ROOT_USER[1],
           "CLIENTELE_PUBLIC_URL": PUBLIC_URL, "CLIENTELE_LOYALTY_JOB_SECONDS": "0"}
    for key in ("SMTP_URL", "SMS_WEBHOOK_URL"):  # no providers: account emails stay queued, with their links
        env.pop(key, None)
    server = common.Server(work, env, port)
    rows, notes = [], []
    base_url = f"http://127.0.0.1:{port}"
    run_started = time.monotonic()

    common.stop_on_sigterm()

    try:
        # --- the courier, its 4 clients and their tokens ----------------------------------------------------------
        say(f"starting the server on 127.0.0.1:{port} with a fresh SQLite file in {work}")
        server.start()
        root = sign_in(port, *ROOT_USER)
        org = Api(port, root).ok("POST", "/api/v1/organizations", {
            "name": "Courier Bench", "slug": SLUG, "settings": {"default_country": "US"},
            "admin": {"email": ADMIN[0], "name": "Boss", "password": ADMIN[1]}})
        org_id = org["id"]
        admin = sign_in(port, *ADMIN)
        staff = Api(port, admin)
        staff.ok("PATCH", f"/api/v1/organizations/{org_id}", {"settings": {"courier": True}})
        db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        org_key = db.execute("SELECT id FROM organizations WHERE slug = ?", (SLUG,)).fetchone()[0]  # as stored
        db.close()
        counts = Counts(database, org_key)
        say(f"courier organization {org_id}: creating, inviting and signing in {CLIENTS} clients")
        tokens, client_names = [], []
        for n in range(1, CLIENTS + 1):
            name, email = f"Shop {n}", f"orders@shop{n}.example"
            client = staff.ok("POST", "/api/v1/clients", {"name": name, "email": email}, expect=(201,))
            staff.ok("POST", f"/api/v1/clients/{client['id']}/invite", expect=(202,))
            accepted = Api(port).ok("POST", "/api/v1/client-invitations/accept",
                                    {"token": invitation_secret(database, email), "password": CLIENT_PASSWORD}, expect=(201,))
            tokens.append(accepted["token"])
            client_names.append(name)
            # Each client's tracking look: the page then carries its colour (an inline style allowed by its hash).
            Api(port, accepted["token"]).ok("PATCH", "/api/v1/client/settings", {
                "brand_color": ["#1a73e8", "#d93025", "#188038", "#f9ab00"][n - 1],
                "message": f"Thank you for ordering from {name}."})

        # --- probes: one order of each kind, its tracking page, an unknown code -----------------------------------
        probe = Api(port, tokens[0]).ok("POST", "/api/v1/client/orders", client_order_body(0, recipient_of(0)), expect=(201,))
        types = sorted(task["type"] for task in probe.get("tasks", []))
        tracking_url = probe.get("tracking_url") or ""
        if types != ["delivery", "job", "pickup"] or "/track/" not in tracking_url:
            raise RuntimeError(f"a client order answered {json.dumps(probe)[:800]}")
        code = tracking_url.rsplit("/track/", 1)[1]
        status, page = Api(port).call("GET", f"/track/{code}")
        text = page.decode() if isinstance(page, bytes) else str(page)
        if status != 200 or "Shop 1" not in text or recipient_of(0)["phone"] in text or recipient_of(0)["email"] in text:
            raise RuntimeError(f"GET /track/{code}: {status} {text[:500]!r}")
        status, _ = Api(port).call("GET", "/track/" + "0" * 20)
        if status != 404:
            raise RuntimeError(f"GET /track/<unknown>: {status}, not 404")
        Api(port, admin).ok("POST", "/api/v1/orders", staff_order_body(recipient_of(1)), expect=(201,))
        say(f"probes fine: a client order answers 201 with job, pickup and delivery tasks and {tracking_url}")

        share = wait_for_quiet(args.quiet_wait)
        if share >= 0.10:
            notes.append(f"Other processes took {share:.0%} of the CPU when the measurements began (after waiting "
                         f"{args.quiet_wait:.0f} s for them).")

        block = [0]

        def next_base():
            block[0] += 1
            return block[0] * 1_000_000

        # --- (a) order creation --------------------------------------------------------------------------------
        if "a" in parts:
            say(f"(a) seeding the {POOL} recipients that repeat (one client order each, 4 clients)")
            pool = list(range(2, 2 + POOL))

            def seed(slot, index):
                api = seeders[slot]
                api.ok("POST", "/api/v1/client/orders", client_order_body(index, recipient_of(index)), expect=(201,))
            seeders = [Api(port, tokens[slot]) for slot in range(CLIENTS)]
            in_threads(pool, seed)
            threads, connections = CLIENTS, args.connections
            kinds = ["health", "staff-new", "client-new", "client-repeat", "staff-repeat"]
            paths = {"health": "/health", "staff-new": "/api/v1/orders", "staff-repeat": "/api/v1/orders",
                     "client-new": "/api/v1/client/orders", "client-repeat": "/api/v1/client/orders"}

            def script_for(kind):
                path = work / f"{kind}-{block[0] + 1}.lua"
                if kind == "health":
                    return plain_script(path)
                kind_tokens = tokens if kind.startswith("client") else [admin]
                return order_script(path, kind, kind_tokens, next_base(), threads, pool if kind.endswith("repeat") else None)

            say(f"(a) warm-up: 2 s of /health and of client orders, wrk -t{threads} -c{connections}")
            wrk(base_url + "/health", 2, threads, connections, script_for("health"))
            wrk(base_url + paths["client-new"], 2, threads, connections, script_for("client-new"))
            results = {kind: [] for kind in kinds}
            others = OtherCpu([server.pid])
            for cycle in range(args.cycles):
                order = kinds[cycle % len(kinds):] + kinds[:cycle % len(kinds)]
                for kind in order:
                    before, cpu_before = counts.read(), cpu_seconds(server.pid)
                    result = wrk(base_url + paths[kind], args.block_seconds, threads, connections, script_for(kind))
                    time.sleep(0.3)  # the requests in flight when wrk stopped commit
                    after, cpu_after = counts.read(), cpu_seconds(server.pid)
                    result["cpu_ms"] = (cpu_after - cpu_before) * 1000 / max(1, result["requests"])
                    result["delta"] = {key: after[key] - before[key] for key in after}
                    result["client_tasks"] = before["client_tasks"]
                    results[kind].append(result)
                    good = sum(n for s, n in result["statuses"].items() if 200 <= s < 300)
                    say(f"  cycle {cycle + 1}, {kind:13} {result['rate']:8,.0f}/s  p50 {result['p50']:.2f} ms  p99 "
                        f"{result['p99']:.2f} ms  server CPU {result['cpu_ms']:.2f} ms/request  "
                        + (f"(clients hold up to {result['client_tasks']:,} tasks) " if kind.startswith("client") else "") +
                        f"({describe(result['statuses'], result['socket_errors'])})")
                    # Every answer that counted must have written what it says; requests still in flight when wrk
                    # stopped may add up to `connections` more.
                    delta = result["delta"]
                    problems = []
                    if kind != "health":
                        if not 0 <= delta["orders"] - good <= connections:
                            problems.append(f"{good} × 2xx but {delta['orders']} orders written")
                        if kind.startswith("client") and delta["tasks"] != 3 * delta["client_orders"]:
                            problems.append(f"{delta['client_orders']} client orders but {delta['tasks']} tasks")
                        if kind.endswith("new") and delta["customers"] != delta["orders"]:
                            problems.append(f"{delta['orders']} orders for new recipients, {delta['customers']} new customers")
                        if kind.endswith("repeat") and delta["customers"] != 0:
                            problems.append(f"{delta['customers']} customers created for repeating recipients")
                    if problems:
                        raise RuntimeError(f"(a) {kind}: " + "; ".join(problems))
            other_share = others.share([server.pid])
            if other_share > 0.05:
                notes.append(f"During (a) other processes took {other_share:.0%} of the CPU.")

            def med(kind, key="rate"):
                return statistics.median(r[key] for r in results[kind])

            def series(kind):
                return ", ".join(f"{r['rate']:,.0f}" for r in results[kind])

            def growth(kind):
                return "; per cycle " + ", ".join(f"{r['cpu_ms']:.1f} ms of server CPU per order at {r['client_tasks']:,} tasks per "
                                                  "client" for r in results[kind])

            def errors(kind):
                bad = sum(n for r in results[kind] for s, n in r["statuses"].items() if not 200 <= s < 300)
                return bad + sum(r["socket_errors"] for r in results[kind])

            def statuses(kind):
                total = {}
                for r in results[kind]:
                    for s, n in r["statuses"].items():
                        total[s] = total.get(s, 0) + n
                return describe(total, sum(r["socket_errors"] for r in results[kind]))

            def cycle_ratio(kind, over):
                ratios = [a["rate"] / b["rate"] for a, b in zip(results[kind], results[over])]
                return statistics.median(ratios), ratios

            load = f"4 clients, {connections} in flight"
            health = med("health")
            rows.append((f"(a) GET /health req/s, wrk -t{threads} -c{connections} (per cycle)",
                         f"{health:,.0f} ({series('health')}; p50 {med('health', 'p50'):.2f} ms, p99 "
                         f"{med('health', 'p99'):.2f} ms)", "", "", "(baseline)", ""))
            for kind, label in (("staff-new", "new customer"), ("staff-repeat", "repeating customer, matched by phone")):
                ratio, _ = cycle_ratio(kind, "health")
                rows.append((f"(a) staff `POST /api/v1/orders` with intake, {label}: orders/s, {load.replace('4 clients', '1 admin token')}",
                             f"{med(kind):,.0f} ({series(kind)}; p50 {med(kind, 'p50'):.1f} ms, p99 {med(kind, 'p99'):.1f} ms; "
                             f"server CPU {med(kind, 'cpu_ms'):.2f} ms/order; {statuses(kind)})",
                             f"{health:,.0f} (/health)", ratio, "(baseline)", ""))
            for kind, label, over in (("client-new", "new recipient each", "staff-new"),
                                      ("client-repeat", f"recipients repeating ({POOL}, matched by phone)", "staff-repeat")):
                ratio, ratios = cycle_ratio(kind, over)
                health_ratio, _ = cycle_ratio(kind, "health")
                value = med(kind)
                rows.append((f"(a) client `POST /api/v1/client/orders`, {label}: orders/s, {load}",
                             f"{value:,.0f} ({series(kind)}; p50 {med(kind, 'p50'):.1f} ms, p99 {med(kind, 'p99'):.1f} ms; "
                             f"server CPU {med(kind, 'cpu_ms'):.2f} ms/order; {statuses(kind)}; {health_ratio:.2f} of /health"
                             f"{growth(kind)})",
                             f"{med(over):,.0f} (staff order, {over.split('-')[1]} recipient)",
                             f"{ratio:.2f} (cycles {', '.join(f'{r:.2f}' for r in ratios)})",
                             f"≥ {TARGET_ORDERS:,.0f}/s, no errors", value >= TARGET_ORDERS and errors(kind) == 0))
            final = counts.read()
            notes.append(
                f"(a): {CLIENTS} client users of one courier (each invited, its link's secret read from the queued outbox row, "
                f"accepted with a password), each a wrk thread with its own bearer token and {connections // CLIENTS} "
                f"connections (`wrk -t{threads} -c{connections} -d{args.block_seconds:g}s`); {args.cycles} cycles of one "
                f"block of each kind ({', '.join(kinds)}), the order rotated each cycle; a ratio is the median of the "
                "cycles' ratios. Client order body: pickup `1 Bakery Rd, Springfield`, a dropoff on `Elm St, "
                "Shelbyville`, a dropoff window tomorrow 10:00–12:00 UTC, and a recipient with name, phone (+1 NANP, "
                f"unique per index) and email. Repeating recipients: {POOL} customers created by client orders before "
                "the blocks, sent again with the same name, phone and email (matched by phone, nothing to fill). Staff "
                "orders: `{\"amount\": \"12.50\", \"customer\": {name, phone, email}}` with the org admin's token (4 wrk "
                "threads, one token). After every block the file is counted: orders written = 2xx answers (+ at most "
                "the requests in flight when wrk stopped), 3 tasks per client order, one new customer per new-recipient "
                f"order and none for repeating ones. At the end of (a) the organization held {final['customers']:,} "
                f"customers, {final['orders']:,} orders ({final['client_orders']:,} of clients) and {final['tasks']:,} tasks.")

        # --- (b) the tracking page ---------------------------------------------------------------------------------
        if "b" in parts:
            db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            have = db.execute("SELECT count(*) FROM tasks WHERE organization_id = ? AND type = 'delivery' "
                              "AND client_id IS NOT NULL", (org_key,)).fetchone()[0]
            db.close()
            if have < args.codes:
                missing = args.codes - have
                say(f"(b) placing {missing:,} client orders for their delivery codes (4 clients)")
                creators = [Api(port, tokens[slot]) for slot in range(CLIENTS)]
                start = next_base()

                def place(slot, index):
                    creators[slot].ok("POST", "/api/v1/client/orders", client_order_body(index, recipient_of(index)), expect=(201,))
                in_threads(list(range(start, start + missing)), place)
            db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            picked = db.execute("SELECT id, tracking_code FROM tasks WHERE organization_id = ? AND type = 'delivery' AND "
                                "client_id IS NOT NULL ORDER BY random() LIMIT ?", (org_key, args.codes)).fetchall()
            db.close()
            codes = [row[1] for row in picked]
            task_ids = [str(uuid.UUID(bytes=row[0])) if isinstance(row[0], bytes) else str(row[0]) for row in picked]
            moved = task_ids[: len(task_ids) // 4]
            say(f"(b) moving {len(moved):,} of the {len(codes):,} deliveries to in_transit (assigned, accepted, in_transit)")
            agent = staff.ok("POST", "/api/v1/users", {"email": "driver@courier.example", "name": "Dan Driver",
                                                       "password": ADMIN[1], "role": "agent"})["id"]
            movers = [Api(port, admin) for _ in range(CLIENTS)]

            def move(slot, task_id):
                for to in ("assigned", "accepted", "in_transit"):
                    movers[slot].ok("POST", f"/api/v1/tasks/{task_id}/transitions",
                                    {"to": to, **({"agent_id": agent} if to == "assigned" else {})})
            in_threads(moved, move)

            track_lua, health_lua = track_script(work / "track.lua", codes), plain_script(work / "health-b.lua")
            rounds, seconds, conns = (2, 3, 16) if args.quick else (3, 5, 16)
            say(f"(b) warm-up, then {rounds} rounds of /health and /track/{{code}} ({len(codes):,} codes), "
                f"wrk -t2 -c{conns} -d{seconds}s each")
            wrk(base_url + "/health", 2, 2, conns, health_lua)
            wrk(base_url + "/track/x", 2, 2, conns, track_lua)
            others = OtherCpu([server.pid])
            health_runs, track_runs = [], []
            for n in range(rounds):
                for kind, runs, url, lua in (("health", health_runs, "/health", health_lua),
                                             ("track", track_runs, "/track/x", track_lua)):
                    cpu_before = cpu_seconds(server.pid)
                    result = wrk(base_url + url, seconds, 2, conns, lua)
                    result["cpu_ms"] = (cpu_seconds(server.pid) - cpu_before) * 1000 / max(1, result["requests"])
                    runs.append(result)
                    say(f"  round {n + 1}, {kind:7} {result['rate']:8,.0f}/s  p50 {result['p50']:.2f} ms  p99 {result['p99']:.2f} ms"
                        f"  server CPU {result['cpu_ms']:.3f} ms/request  ({describe(result['statuses'], result['socket_errors'])})")
            bad = sum(n for r in track_runs for s, n in r["statuses"].items() if s != 200) + sum(r["socket_errors"] for r in track_runs)
            ratios = [t["rate"] / h["rate"] for h, t in zip(health_runs, track_runs)]
            ratio = statistics.median(ratios)
            med = lambda runs, key: statistics.median(r[key] for r in runs)  # noqa: E731
            rates = lambda runs: ", ".join(f"{r['rate']:,.0f}" for r in runs)  # noqa: E731
            rows.append((f"(b) GET /health req/s, wrk -t2 -c{conns} (per round)",
                         f"{med(health_runs, 'rate'):,.0f} ({rates(health_runs)}; "
                         f"p50 {med(health_runs, 'p50'):.2f} ms, p99 {med(health_runs, 'p99'):.2f} ms under load)",
                         "", "", "(baseline)", ""))
            rows.append((f"(b) GET /track/{{code}} req/s, {len(codes):,} delivery codes, a random one per request",
                         f"{med(track_runs, 'rate'):,.0f} ({rates(track_runs)}; p50 "
                         f"{med(track_runs, 'p50'):.2f} ms, p99 {med(track_runs, 'p99'):.2f} ms under load; server CPU "
                         f"{med(track_runs, 'cpu_ms'):.3f} ms/page against {med(health_runs, 'cpu_ms'):.3f} for /health"
                         + (f"; {bad:,} not 200" if bad else "") + ")",
                         f"{med(health_runs, 'rate'):,.0f} (/health)",
                         f"{ratio:.2f} (rounds {', '.join(f'{r:.2f}' for r in ratios)})",
                         f"≥ {TARGET_TRACK:.2f} of /health", ratio >= TARGET_TRACK and bad == 0))
            other_share = others.share([server.pid])

            say(f"(b) sequential latency: /health, a known code, an unknown code in turn, {args.samples:,} each "
                "on one keep-alive connection")
            api = Api(port)
            rng = random.Random(20)
            known_set = set(codes)
            samples = {"health": [], "known": [], "unknown": []}
            order = list(samples)
            warmup = 50
            for i in range(warmup + args.samples):
                for kind in order[i % 3:] + order[:i % 3]:
                    if kind == "health":
                        path, expect = "/health", 200
                    elif kind == "known":
                        path, expect = f"/track/{rng.choice(codes)}", 200
                    else:
                        unknown = "".join(rng.choice(CODE_ALPHABET) for _ in range(20))
                        while unknown in known_set:
                            unknown = "".join(rng.choice(CODE_ALPHABET) for _ in range(20))
                        path, expect = f"/track/{unknown}", 404
                    started = time.perf_counter()
                    status, _ = api.call("GET", path)
                    elapsed = (time.perf_counter() - started) * 1000
                    if status != expect:
                        raise RuntimeError(f"GET {path}: {status}, expected {expect}")
                    if i >= warmup:
                        samples[kind].append(elapsed)
            other_share = max(other_share, others.share([server.pid]))
            if other_share > 0.05:
                notes.append(f"During (b) other processes took {other_share:.0%} of the CPU.")
            chunks = 5

            def chunk_p50s(values):
                size = len(values) // chunks
                return [percentile(values[k * size:(k + 1) * size], 50) for k in range(chunks)]
            p = {kind: (percentile(v, 50), percentile(v, 99)) for kind, v in samples.items()}
            known_chunks = chunk_p50s(samples["known"])
            noise = max(known_chunks) - min(known_chunks)
            diff = p["unknown"][0] - p["known"][0]
            rows.append(("(b) sequential GET /health p50 / p99 ms", f"{p['health'][0]:.3f} / {p['health'][1]:.3f}",
                         "", "", "(baseline)", ""))
            rows.append(("(b) sequential GET /track/{code}, known code (200) p50 / p99 ms",
                         f"{p['known'][0]:.3f} / {p['known'][1]:.3f} (p50 of 5 chunks of {len(samples['known']) // chunks}: "
                         f"{', '.join(f'{x:.3f}' for x in known_chunks)})",
                         f"{p['health'][0]:.3f} / {p['health'][1]:.3f} (/health)", f"{p['known'][0] / p['health'][0]:.2f} (p50)",
                         "", ""))
            within = abs(diff) <= noise
            rows.append(("(b) sequential GET /track/{code}, unknown well-formed code (404) p50 / p99 ms",
                         f"{p['unknown'][0]:.3f} / {p['unknown'][1]:.3f} (p50 {diff:+.3f} ms from the known code's; "
                         f"the known code's p50 moves by {noise:.3f} ms between chunks)",
                         f"{p['known'][0]:.3f} / {p['known'][1]:.3f} (known code)", f"{p['unknown'][0] / p['known'][0]:.2f} (p50)",
                         "404 p50 within noise of a known code's", within))
            notes.append(
                f"(b): the {len(codes):,} codes are the delivery tasks of client orders (each client has a brand colour and "
                f"a message, so the page carries its look); {len(moved):,} of them were moved assigned → accepted → "
                "in_transit by the admin first, so their pages list three moves and the in-app messages of those events. "
                f"wrk picks a code at random per request; /health and /track alternate, {rounds} rounds of {seconds} s "
                f"with `wrk -t2 -c{conns}`, after a 2 s warm-up of each; the ratio is the median of the rounds'. "
                f"Sequential: one keep-alive `http.client` connection, {warmup} warm-up rounds then {args.samples:,} "
                "rounds of /health, a random known code and a fresh random well-formed unknown code (20 characters of the "
                "code alphabet, so the server looks it up), the order rotated each round; percentiles nearest-rank. "
                "'Within noise' means |p50(unknown) − p50(known)| ≤ the spread of the known code's p50 across 5 "
                "consecutive chunks of its samples.")

        memory = server.memory_mb()
        notes.append(f"Server RSS at the end: {memory['VmRSS']:.0f} MB (peak {memory['VmHWM']:.0f} MB).")
        server.stop()
    except KeyboardInterrupt:
        say("interrupted: stopping the server and removing the temp dir")
        raise SystemExit(130)
    except Exception:
        log = work / "server.log"
        if log.exists():
            print("--- server log (tail) ---\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:]), file=sys.stderr)
        raise
    finally:
        server.stop()
        if args.keep:
            say(f"kept {work} (remove it when done)")
        else:
            shutil.rmtree(work, ignore_errors=True)

    header = (f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC · commit {commit} · binary {binary_info} · SQLite (WAL) · "
               f"{machine_info()} · run time {time.monotonic() - run_started:,.0f} s")
    common.write_report("courier", "Courier clients benchmark (issue 20)", header, rows, notes, args.quick)

if __name__ == "__main__":
    main()
