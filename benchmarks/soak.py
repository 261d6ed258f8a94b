#!/usr/bin/env python3
"""Clientele's soak test (issue 23): one `clientele serve` instance under mixed load for 30 minutes.

wrk (benchmarks/soak/mixed.lua) runs back to back in 60-second segments, 2 threads and 16 connections, mixing
customer searches and lists, reads by id, creates (a new name, email and phone each), updates (PATCH), order
creates, order lists and customer order histories, and /health, on an organization seeded with
`clientele demo-data` (200,000 customers by default: a database larger than SQLite's page caches, which then fill
during the first minutes as on a real database, not all along the run as the soak's creates grow a small one). The
server's RSS is sampled every 5 s (/proc/PID/status: VmRSS, RssAnon, RssFile) and `GET /metrics` is scraped at every
segment's end (process_resident_memory_bytes, clientele_sqlite_memory_bytes).

Verdict (each must hold; the exit status is 1 otherwise):
  - errors: no response other than 2xx and no socket error (connect, read, write, timeout) in any segment, and the
    server alive at the end;
  - RSS flat: the highest RSS sample of the last 5 minutes is less than 10 % above the RSS at minute 5 (the sample
    nearest to 5 minutes after the load started);
  - p99 stable: the median p99 of the last 5 segments is at most 1.5x the median p99 of segments 2-6 (segment 1
    warms up). Runs shorter than 10 minutes use minute (run length / 2) and the halves of the segments instead.

Usage: python3 benchmarks/soak.py [--minutes 30] [--customers 200000] [--binary PATH | --skip-build]
                                  [--database-url postgres://...] [--no-write] [--keep]
Results: benchmarks/results/soak.md and the plot benchmarks/results/soak.svg (RSS and p99 per minute); --no-write
prints only. The helpers (server, API client, CPU accounting) are benchmarks/loyalty.py's.
"""
import argparse
import datetime
import json
import math
import os
import random
import re
import secrets
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import loyalty as common
from loyalty import Api, OtherCpu, git_head, machine_info, say, sign_in

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".build-bench"
BINARY = SCRATCH / "release" / "clientele"
LUA = Path(__file__).resolve().parent / "soak" / "mixed.lua"
RESULTS = ROOT / "benchmarks" / "results"
ROOT_USER = common.ROOT_USER
ADMIN_PASSWORD = "soak-admin-password"
SORTS = ["name", "-name", "created_at", "-created_at", "last_order_at", "-total_spent"]
RSS_GROWTH_LIMIT = 0.10   # after minute 5
P99_FACTOR = 1.5          # last 5 segments' median p99 over segments 2-6's


# --- sampling -------------------------------------------------------------------------------------------------------

class Sampler(threading.Thread):
    """Every `interval` seconds: the server's VmRSS (MiB) with its anonymous (heap) and file-backed (mapped binary and
    libraries) parts, its threads and open file descriptors, stamped with the seconds since the load started."""

    def __init__(self, pid, started, interval=5.0):
        super().__init__(daemon=True)
        self.pid, self.started, self.interval = pid, started, interval
        self.samples, self.stop = [], threading.Event()

    def sample(self):
        try:
            fields = dict(line.split(":", 1) for line in Path(f"/proc/{self.pid}/status").read_text().splitlines()
                          if ":" in line)
            fds = len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return None
        entry = {"t": time.monotonic() - self.started, "rss": int(fields["VmRSS"].split()[0]) / 1024,
                 "hwm": int(fields["VmHWM"].split()[0]) / 1024, "threads": int(fields["Threads"]), "fds": fds,
                 "anon": int(fields.get("RssAnon", "0 kB").split()[0]) / 1024,
                 "file": int(fields.get("RssFile", "0 kB").split()[0]) / 1024}
        self.samples.append(entry)
        return entry

    def run(self):
        while not self.stop.is_set():
            if self.sample() is None:
                return
            self.stop.wait(self.interval)


def scrape_metrics(port, token):
    """process_resident_memory_bytes (MiB) and a few other gauges from GET /metrics, or None."""
    try:
        status, body = Api(port, token).call("GET", "/metrics")
    except OSError as error:
        return {"status": str(error)}
    if status != 200:
        return {"status": status}
    text = body.decode() if isinstance(body, bytes) else str(body)
    values = {"status": status}
    for name in ("process_resident_memory_bytes", "process_open_fds", "clientele_http_requests_in_flight",
                 "clientele_outbox_depth", "clientele_sqlite_memory_bytes"):
        match = re.search(rf"^{name}(?:{{[^}}]*}})?\s+([0-9.eE+-]+)\s*$", text, re.M)
        if match:
            values[name] = float(match.group(1))
    timeouts = [float(v) for v in re.findall(r"^clientele_\w*pool\w*timeout\w*(?:{[^}]*})?\s+([0-9.eE+-]+)\s*$",
                                               text, re.M)]
    if timeouts:
        values["pool_timeouts"] = sum(timeouts)
    return values


# --- wrk ------------------------------------------------------------------------------------------------------------

def ensure_wrk():
    if shutil.which("wrk"):
        return
    say("wrk is missing: apt-get install -y wrk")
    if subprocess.run(["apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update"], stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL, check=True)
    if not shutil.which("wrk"):
        sys.exit("wrk could not be installed (Debian package `wrk`)")


def run_segment(url, seconds, threads, connections, timeout, data, segment):
    """One wrk run of the mixed script: the script's SOAK summary (dict), or raises with wrk's output."""
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", f"{timeout}s",
               "-s", str(LUA), url, "--", str(data), str(segment)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    line = next((l for l in result.stdout.splitlines() if l.startswith("SOAK ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no SOAK line (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    summary = json.loads(line[5:])
    summary["statuses"] = {int(k): v for k, v in summary["statuses"].items()}
    summary["socket_total"] = sum(summary["socket_errors"].values())
    return summary


# --- the workload's data --------------------------------------------------------------------------------------------

def lua_string(text):
    return '"' + "".join(c if c.isalnum() or c in "-_.%+ :/" else f"\\{ord(c):03d}" for c in text) + '"'


def workload_data(api, path, token, run_id, wanted=2000):
    """Reads `wanted` demo customers through the API (random pages of 100) and writes the Lua data file: their ids,
    the ids of those that may order (not blocked), and search terms taken from them (3-letter name fragments,
    7-digit phone fragments, email fragments)."""
    total = api.ok("GET", "/api/v1/customers?per_page=1")["total"]
    pages = list(range(1, max(1, total // 100) + 1))
    random.Random(23).shuffle(pages)
    customers = []
    for page in pages[:max(1, wanted // 100)]:
        customers += api.ok("GET", f"/api/v1/customers?per_page=100&page={page}&sort=created_at")["data"]
    rng = random.Random(5)
    terms = set()
    for customer in rng.sample(customers, min(60, len(customers))):
        name = (customer.get("name") or "").split()
        if name and len(name[-1]) >= 4:
            start = rng.randrange(0, len(name[-1]) - 2)
            terms.add(name[-1][start:start + 3].lower())
        digits = re.sub(r"\D", "", customer.get("phone") or "")
        if len(digits) >= 9:
            terms.add(digits[-7:])
        email = (customer.get("email") or "").split("@")[0]
        if len(email) >= 8:
            terms.add(email[:8])
    terms = sorted(terms)
    ids = [c["id"] for c in customers]
    buyers = [c["id"] for c in customers if c.get("status") != "blocked"]
    lines = [f"token = {lua_string(token)}", f"run = {lua_string(run_id)}",
             "ids = {" + ",".join(lua_string(i) for i in ids) + "}",
             "buyers = {" + ",".join(lua_string(i) for i in buyers) + "}",
             "terms = {" + ",".join(lua_string(urllib.parse.quote(t, safe="")) for t in terms) + "}",
             "sorts = {" + ",".join(lua_string(urllib.parse.quote(s, safe="")) for s in SORTS) + "}"]
    path.write_text("\n".join(lines) + "\n")
    return {"ids": len(ids), "buyers": len(buyers), "terms": terms}


# --- verdict --------------------------------------------------------------------------------------------------------

def rss_rule(samples, load_seconds):
    """(reference time s, RSS there, max RSS of the final window, window start s, growth)."""
    reference = 300.0 if load_seconds >= 600 else load_seconds / 2
    window_start = load_seconds - 300.0 if load_seconds >= 600 else reference
    at_ref = min(samples, key=lambda s: abs(s["t"] - reference))
    final = [s for s in samples if s["t"] >= window_start] or samples[-1:]
    peak = max(final, key=lambda s: s["rss"])
    return {"reference": reference, "at_ref": at_ref["rss"], "at_ref_t": at_ref["t"], "window_start": window_start,
            "peak": peak["rss"], "peak_t": peak["t"], "growth": peak["rss"] / at_ref["rss"] - 1}


def memory_parts(segments, rss):
    """Informational rows: what the RSS rule's reference and final window consist of, from the segment ends (anonymous
    and file-backed RSS from /proc, SQLite's own memory from /metrics)."""
    measured = [s for s in segments if s.get("anon") is not None]
    if not measured:
        return []
    at_ref = min(measured, key=lambda s: abs(s["end_t"] - rss["reference"]))
    final = [s for s in measured if s["end_t"] >= rss["window_start"]] or measured[-1:]
    rows = []

    def part(label, key, note):
        if at_ref.get(key) is None:
            return
        peak = max(s.get(key) or 0 for s in final)
        rows.append((label, f"{at_ref[key]:.1f} MiB at minute {at_ref['end_t'] / 60:.0f} → highest {peak:.1f} MiB at the "
                            f"segment ends of the final window ({peak / at_ref[key] - 1:+.1%}); {note}", "", ""))
    part("of it: anonymous (heap)", "anon", "the application's and SQLite's allocations")
    part("of it: file-backed", "file", "the mapped binary and libraries")
    part("of it: SQLite's memory", "sqlite_mib", "page caches (at most 32 MiB per connection), statements, schema "
         "(`clientele_sqlite_memory_bytes`), inside the anonymous part")
    for s in measured:
        if s.get("sqlite_mib") is not None:
            s["heap_less_sqlite"] = s["anon"] - s["sqlite_mib"]
    part("anonymous less SQLite's memory", "heap_less_sqlite", "the application's own heap (with what the allocator "
         "keeps of SQLite's freed caches): the part a leak would grow")
    return rows


def p99_rule(segments):
    """Segments 2-6 against the last 5 (halves of the run when it has fewer than 10 segments)."""
    n = len(segments)
    if n >= 10:
        base, last, base_label, last_label = segments[1:6], segments[-5:], "segments 2-6", f"segments {n - 4}-{n}"
    else:
        half = max(1, n // 2)
        base = segments[1:half] or segments[:1]
        last = segments[half:] or segments[-1:]
        base_label = f"segments {segments.index(base[0]) + 1}-{segments.index(base[-1]) + 1}"
        last_label = f"segments {half + 1}-{n}"
    base_p99 = statistics.median(s["p99_ms"] for s in base)
    last_p99 = statistics.median(s["p99_ms"] for s in last)
    return {"base": base_p99, "last": last_p99, "ratio": last_p99 / base_p99, "base_label": base_label,
            "last_label": last_label}


def minutes(seconds):
    return f"{seconds / 60:.1f}".rstrip("0").rstrip(".")


# --- the plot -------------------------------------------------------------------------------------------------------

def nice_ceiling(value):
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def svg_plot(samples, segments, rss_check, title):
    """Two panels over the run's minutes: RSS (MiB, every 5 s sample, with the 5-minute reference and the +10 % line)
    and p99 per segment (ms, with p50 for scale)."""
    width, panel_h, left, right, top, gap = 760, 190, 64, 24, 40, 56
    plot_w = width - left - right
    height = top + 2 * panel_h + gap + 44
    span = max(segments[-1]["end_t"], samples[-1]["t"]) / 60
    x_max = max(1.0, span)

    def x(t_minutes):
        return left + plot_w * t_minutes / x_max

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">{title}</text>']

    def panel(y0, y_max, label, series, extra_lines, shade=None):
        def y(value):
            return y0 + panel_h - panel_h * value / y_max
        if shade:  # the reference minute and the final window of the RSS rule
            (mark, start, end, text) = shade
            out.append(f'<rect x="{x(start):.1f}" y="{y0}" width="{x(end) - x(start):.1f}" height="{panel_h}" fill="#f3f3f3"/>')
            out.append(f'<line x1="{x(mark):.1f}" x2="{x(mark):.1f}" y1="{y0}" y2="{y0 + panel_h}" stroke="#555" '
                       'stroke-dasharray="2,3"/>')
            out.append(f'<text x="{x(end) - 4:.1f}" y="{y0 + panel_h - 6}" text-anchor="end" fill="#777">{text}</text>')
        out.append(f'<rect x="{left}" y="{y0}" width="{plot_w}" height="{panel_h}" fill="none" stroke="#999"/>')
        for i in range(5):
            value = y_max * i / 4
            out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#eee"/>')
            out.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:g}</text>')
        step = 1 if x_max <= 10 else 5
        for m in range(0, math.floor(x_max + 1e-9) + 1, step):
            out.append(f'<line x1="{x(m):.1f}" x2="{x(m):.1f}" y1="{y0 + panel_h}" y2="{y0 + panel_h + 4}" stroke="#999"/>')
            out.append(f'<text x="{x(m):.1f}" y="{y0 + panel_h + 16}" text-anchor="middle">{m}</text>')
        out.append(f'<text transform="translate({left - 44},{y0 + panel_h / 2}) rotate(-90)" text-anchor="middle">'
                   f'{label}</text>')
        for value, colour, text in extra_lines:
            out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                       f'stroke="{colour}" stroke-dasharray="5,4"/>')
            below = text.startswith("RSS at")
            out.append(f'<text x="{left + plot_w - 4}" y="{y(value) + (13 if below else -4):.1f}" text-anchor="end" '
                       f'fill="{colour}">{text}</text>')
        for points, colour, name, dots in series:
            path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.6"/>')
            if dots:
                out.extend(f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="2.4" fill="{colour}"/>' for t, v in points)
        for i, (_, colour, name, _) in enumerate(series):
            out.append(f'<text x="{left + 8 + i * 150}" y="{y0 + 14}" fill="{colour}">■ {name}</text>')

    rss_points = [(s["t"] / 60, s["rss"]) for s in samples]
    rss_max = nice_ceiling(max(max(v for _, v in rss_points), rss_check["at_ref"] * (1 + RSS_GROWTH_LIMIT)) * 1.1)
    panel(top, rss_max, "RSS (MiB)", [(rss_points, "#1f6fb4", "server RSS (5 s samples)", False)],
          [(rss_check["at_ref"], "#555", f"RSS at minute {minutes(rss_check['reference'])}: {rss_check['at_ref']:.1f}"),
           (rss_check["at_ref"] * (1 + RSS_GROWTH_LIMIT), "#c0392b", "+10 %")],
          shade=(rss_check["reference"] / 60, rss_check["window_start"] / 60, span,
                 f"window of the rule: highest {rss_check['peak']:.1f} MiB ({rss_check['growth']:+.1%})"))
    p99 = [((s["start_t"] + s["end_t"]) / 120, s["p99_ms"]) for s in segments]
    p50 = [((s["start_t"] + s["end_t"]) / 120, s["p50_ms"]) for s in segments]
    p_max = nice_ceiling(max(v for _, v in p99) * 1.15)
    panel(top + panel_h + gap, p_max, "latency (ms)", [(p99, "#d35400", "p99 per segment", True),
                                                        (p50, "#27ae60", "p50 per segment", True)], [])
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle">minutes since the load started</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- the run --------------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30, help="length of the load (default 30)")
    parser.add_argument("--segment-seconds", type=int, default=60, help="length of each wrk run (default 60)")
    parser.add_argument("--customers", type=int, default=200_000, help="demo customers to seed (default 200,000)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2, at most 4)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--timeout", type=float, default=5, help="wrk's request timeout in seconds (default 5)")
    parser.add_argument("--database-url", help="a PostgreSQL database (postgres://…) instead of a fresh SQLite file")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--binary", help="use this clientele binary (skips the build)")
    parser.add_argument("--binary-source", metavar="TEXT", help="what the --binary was built from, for the report")
    parser.add_argument("--no-write", action="store_true", help="print only (no results/soak.md or soak.svg)")
    parser.add_argument("--out-dir", default=str(RESULTS), help="where soak.md and soak.svg go (default benchmarks/results)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, server log, data file)")
    args = parser.parse_args()
    if not 1 <= args.threads <= 4:
        parser.error("--threads must be 1 to 4 (mixed.lua numbers new customers' phones per thread)")
    segments_wanted = max(1, round(args.minutes * 60 / args.segment_seconds))
    ensure_wrk()
    global BINARY
    BINARY, commit = common.release_binary(args)

    work = Path(tempfile.mkdtemp(prefix="clientele-soak-"))
    shutil.copy2(BINARY, work / "clientele")  # a build started meanwhile cannot change what runs
    common.BINARY = work / "clientele"
    run_id = secrets.token_hex(3)
    slug = "soak" if not args.database_url else f"soak-{run_id}"
    database = args.database_url or f"sqlite://{work / 'soak.sqlite'}"
    metrics_token = secrets.token_hex(16)
    port = 23080 + os.getpid() % 900
    env = {**os.environ, "DATABASE_URL": database, "LOG_LEVEL": "warning", "CLIENTELE_BCRYPT_COST": "4",
           "CLIENTELE_ADMIN_EMAIL": ROOT_USER[0], "CLIENTELE_ADMIN_PASSWORD": ROOT_USER[1],
           "CLIENTELE_METRICS_TOKEN": metrics_token}
    for key in ("SMTP_URL", "SMS_WEBHOOK_URL", "DATABASE_READ_URL"):
        env.pop(key, None)
    server = common.Server(work, env, port)
    url = f"http://127.0.0.1:{port}"
    admin_email = f"boss@{slug}.example"
    segments, sampler, metrics, failure = [], None, [], None
    run_started = time.monotonic()

    common.stop_on_sigterm()

    try:
        say(f"starting the server on 127.0.0.1:{port} ({'PostgreSQL' if args.database_url else 'SQLite in ' + str(work)})")
        server.start()
        root = sign_in(port, *ROOT_USER)
        Api(port, root).ok("POST", "/api/v1/organizations", {
            "name": "Soak", "slug": slug, "admin": {"email": admin_email, "name": "Boss", "password": ADMIN_PASSWORD}})
        server.stop()
        say(f"demo-data: {args.customers:,} customers (clientele demo-data --org {slug} --customers {args.customers})")
        started = time.monotonic()
        subprocess.run([str(common.BINARY), "demo-data", "--org", slug, "--customers", str(args.customers)],
                       cwd=work, env=env, check=True, stdout=subprocess.DEVNULL)
        say(f"  seeded in {time.monotonic() - started:.0f} s")
        server.start()
        token = sign_in(port, admin_email, ADMIN_PASSWORD)
        data = workload_data(Api(port, token), work / "soak-data.lua", token, run_id)
        say(f"workload: {data['ids']:,} customers to read and update ({data['buyers']:,} may order), "
            f"{len(data['terms'])} search terms ({', '.join(data['terms'][:6])}, …)")
        first = scrape_metrics(port, metrics_token)
        if first.get("status") != 200 or "process_resident_memory_bytes" not in first:
            say(f"warning: GET /metrics with the metrics token answered {first}: RSS from /proc only")

        say(f"soak: {segments_wanted} segments of {args.segment_seconds} s, wrk -t{args.threads} -c{args.connections} "
            f"--timeout {args.timeout:g}s -s {LUA.relative_to(ROOT)}")
        load_started = time.monotonic()
        sampler = Sampler(server.pid, load_started)
        sampler.start()
        for index in range(1, segments_wanted + 1):
            watch = OtherCpu([server.pid])
            start_t = time.monotonic() - load_started
            result = run_segment(url, args.segment_seconds, args.threads, args.connections, args.timeout,
                                 work / "soak-data.lua", index)
            result["other_cpu"] = watch.share([server.pid] if server.pid else ())
            result["start_t"], result["end_t"] = start_t, time.monotonic() - load_started
            result["index"] = index
            if server.pid is None:
                failure = f"the server exited during segment {index} (code {server.process.returncode})"
                segments.append(result)
                break
            sample = sampler.sample()
            scraped = scrape_metrics(port, metrics_token)
            result["rss"] = sample["rss"] if sample else None
            result["threads_now"], result["fds_now"] = (sample["threads"], sample["fds"]) if sample else (None, None)
            result["metrics_rss"] = (scraped.get("process_resident_memory_bytes") or 0) / 1048576 or None
            result["sqlite_mib"] = (scraped.get("clientele_sqlite_memory_bytes") or 0) / 1048576 or None
            result["anon"], result["file"] = (sample["anon"], sample["file"]) if sample else (None, None)
            result["metrics"] = scraped
            segments.append(result)
            errors = result["non_2xx"] + result["socket_total"]
            say(f"segment {index}/{segments_wanted}: {result['rps']:,.0f} req/s, p50 {result['p50_ms']:.1f} ms, "
                f"p99 {result['p99_ms']:.1f} ms, max {result['max_ms']:.0f} ms, errors {errors}"
                f"{' ' + json.dumps({k: v for k, v in result['statuses'].items() if not 200 <= k < 300}) if result['non_2xx'] else ''}"
                f"{' socket ' + json.dumps(result['socket_errors']) if result['socket_total'] else ''}, "
                f"RSS {result['rss']:.1f} MiB (metrics {result['metrics_rss'] or 0:.1f}; anon {result['anon'] or 0:.1f}, "
                f"file {result['file'] or 0:.1f}, SQLite {result['sqlite_mib'] or 0:.1f}), "
                f"threads {result['threads_now']}, fds {result['fds_now']}, other processes {result['other_cpu']:.0%} CPU")
            for text in result["samples"][:3]:
                say(f"    non-2xx: {text[:200]}")
        sampler.stop.set()
        load_seconds = time.monotonic() - load_started
        final_memory = server.memory_mb() if server.pid else {}
        database_mb = None
        if not args.database_url:
            database_mb = sum(p.stat().st_size for p in work.glob("soak.sqlite*")) / 1048576
        server.stop()
        log_lines = (work / "server.log").read_text(errors="replace").splitlines()
    except KeyboardInterrupt:
        say("interrupted: stopping the server and removing the temp dir")
        raise SystemExit(130)
    except Exception:
        log = work / "server.log"
        if log.exists():
            print("--- server log (tail) ---\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:]),
                  file=sys.stderr)
        raise
    finally:
        if sampler:
            sampler.stop.set()
        server.stop()
        if args.keep:
            say(f"kept {work} (remove it when done)")
        else:
            shutil.rmtree(work, ignore_errors=True)

    # --- verdict ---------------------------------------------------------------------------------------------------
    samples = sampler.samples
    total_requests = sum(s["requests"] for s in segments)
    non_2xx = sum(s["non_2xx"] for s in segments)
    socket_errors = sum(s["socket_total"] for s in segments)
    statuses, kinds = {}, {}
    for s in segments:
        for k, v in s["statuses"].items():
            statuses[k] = statuses.get(k, 0) + v
        for k, v in s["kinds"].items():
            kinds[k] = kinds.get(k, 0) + v
    rss = rss_rule(samples, load_seconds)
    p99 = p99_rule(segments)
    errors_ok = non_2xx == 0 and socket_errors == 0 and failure is None
    rss_ok = rss["growth"] < RSS_GROWTH_LIMIT
    p99_ok = p99["ratio"] <= P99_FACTOR
    problems = [l for l in log_lines if re.search(r'"level"\s*:\s*"(error|critical)"|\[ (ERROR|CRITICAL) \]', l)]
    warnings = [l for l in log_lines if re.search(r'"level"\s*:\s*"warning"|\[ WARNING \]', l)]
    rps_all = [s["rps"] for s in segments]
    p99_all = [s["p99_ms"] for s in segments]
    ref_label = f"minute {minutes(rss['reference'])}"
    window_label = ("the last 5 minutes" if load_seconds >= 600
                    else f"minutes {minutes(rss['window_start'])}–{minutes(load_seconds)}")

    rows = [
        ("errors", f"{non_2xx:,} non-2xx, {socket_errors:,} socket errors of {total_requests:,} requests"
                   + (f"; {failure}" if failure else ""), "0, server alive", errors_ok),
        ("RSS growth after the first 5 minutes",
         f"{rss['growth']:+.1%}: {ref_label} {rss['at_ref']:.1f} MiB → highest of {window_label} {rss['peak']:.1f} MiB "
         f"(at {rss['peak_t'] / 60:.1f} min); end {samples[-1]['rss']:.1f} MiB, peak of the run (VmHWM) "
         f"{samples[-1]['hwm']:.1f} MiB", "< +10 %", rss_ok),
        ("p99 stable", f"median p99 of {p99['last_label']} {p99['last']:.1f} ms vs {p99['base_label']} "
                       f"{p99['base']:.1f} ms: ×{p99['ratio']:.2f}", f"≤ ×{P99_FACTOR}", p99_ok),
        ("throughput", f"{statistics.median(rps_all):,.0f} req/s median per segment (min {min(rps_all):,.0f}, max "
                       f"{max(rps_all):,.0f}); {total_requests / load_seconds:,.0f} req/s over the run", "", ""),
        ("p99 per segment", f"median {statistics.median(p99_all):.1f} ms (min {min(p99_all):.1f}, max {max(p99_all):.1f}); "
                            f"slowest request {max(s['max_ms'] for s in segments):,.0f} ms", "", ""),
    ]
    memory_rows = memory_parts(segments, rss)
    rows[2:2] = memory_rows
    verdict = errors_ok and rss_ok and p99_ok
    created = statuses.get(201, 0)
    notes = [
        f"Load: `wrk -t{args.threads} -c{args.connections} -d{args.segment_seconds}s --timeout {args.timeout:g}s -s "
        f"benchmarks/soak/mixed.lua`, {len(segments)} runs back to back (a new wrk process and new connections each "
        "segment). Mix per request: 18 % search `GET /api/v1/customers?q=TERM&sort=S`, 10 % list `?sort=S&page=1|2`, "
        "22 % read by id, 10 % create (new name, email and +1 phone each), 10 % `PATCH` (notes, company; no "
        "`If-Match`, which is optional), 10 % `POST /api/v1/orders` (paid), 5 % `GET /api/v1/orders?page=1..3`, 5 % "
        "`GET /customers/{id}/orders`, 10 % `/health`. Sent: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())) + ".",
        f"Data: `clientele demo-data --org {slug} --customers {args.customers}`; the workload reads and updates "
        f"{data['ids']:,} of them (random pages of the API), orders for the {data['buyers']:,} not blocked, and searches "
        f"{len(data['terms'])} terms taken from them (3-letter name fragments, 7-digit phone fragments, email "
        f"prefixes). Responses by status: " + ", ".join(f"{n:,} × {k}" for k, n in sorted(statuses.items()))
        + f" ({created:,} creates of customers and orders)."
        + (f" Database at the end: {database_mb:,.0f} MB (`.sqlite` + `-wal` + `-shm`)." if database_mb else ""),
        f"Errors: every response that is not 2xx counts (the Lua `response()` hook counts statuses; wrk's own "
        "socket errors — connect, read, write, timeout — too).",
        f"RSS: `VmRSS` of the server from `/proc/PID/status` every 5 s from the start of the load ({len(samples)} "
        f"samples). Growth = (highest sample of {window_label}) / (the sample nearest to {ref_label}) − 1. "
        "`process_resident_memory_bytes` from `GET /metrics` (the metrics token) at each segment's end agrees: "
        + (", ".join(f"{s['metrics_rss']:.0f}" for s in segments if s.get("metrics_rss")) or "(unavailable)") + " MiB. Threads "
        f"{min(x['threads'] for x in samples)}–{max(x['threads'] for x in samples)}, open fds "
        f"{min(x['fds'] for x in samples)}–{max(x['fds'] for x in samples)} over the run.",
        f"p99: wrk's latency percentiles of each segment (all kinds of request together; wrk does not correct for "
        f"coordinated omission). Rule: median p99 of {p99['last_label']} ≤ {P99_FACTOR}× the median p99 of "
        f"{p99['base_label']} (segment 1 warms up).",
        f"Other processes took {statistics.median(s['other_cpu'] for s in segments):.0%} of the 2 cores in the median "
        f"segment (min {min(s['other_cpu'] for s in segments):.0%}, max {max(s['other_cpu'] for s in segments):.0%}; "
        "all busy time in `/proc/stat` less the server's, wrk's and this script's): absolute figures are as noisy as "
        "the machine was.",
        f"Server log (`LOG_LEVEL=warning`): {len(problems)} error/critical lines, {len(warnings)} warnings."
        + "".join(f"\n  - `{l[:300]}`" for l in (problems + warnings)[:8]),
    ]
    if final_memory:
        notes.append(f"Server at the end: VmRSS {final_memory['VmRSS']:.1f} MiB, VmHWM {final_memory['VmHWM']:.1f} MiB.")

    def cell(value):
        return "—" if value is None else value
    per_segment = ["| segment | minutes | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | socket errors | RSS MiB "
                   "(/proc) | of it anonymous | of it file-backed | SQLite's heap MiB | RSS MiB (/metrics) | other CPU |",
                   "|" + " --- |" * 15]
    for s in segments:
        per_segment.append(
            f"| {s['index']} | {s['start_t'] / 60:.1f}–{s['end_t'] / 60:.1f} | {s['rps']:,.0f} | {s['p50_ms']:.1f} | "
            f"{s['p90_ms']:.1f} | {s['p99_ms']:.1f} | {s['max_ms']:,.0f} | {s['non_2xx']} | {s['socket_total']} | "
            f"{cell(s.get('rss') and round(s['rss'], 1))} | {cell(s.get('anon') and round(s['anon'], 1))} | "
            f"{cell(s.get('file') and round(s['file'], 1))} | {cell(s.get('sqlite_mib') and round(s['sqlite_mib'], 1))} | "
            f"{cell(s.get('metrics_rss') and round(s['metrics_rss'], 1))} | "
            f"{s['other_cpu']:.0%} |")
    header = (f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC · commit {commit} · "
              f"{'PostgreSQL' if args.database_url else 'SQLite (WAL)'} · {machine_info()} · load "
              f"{load_seconds / 60:.1f} min · run time {(time.monotonic() - run_started) / 60:.1f} min")
    command = "python3 " + shlex.join(["benchmarks/soak.py", *sys.argv[1:]])
    table = ["| check | value | rule | met |", "| --- | --- | --- | --- |"] + [
        f"| {label} | {value} | {rule} | {'' if met == '' else ('yes' if met else '**no**')} |"
        for label, value, rule, met in rows]
    report = (f"# Soak test (issue 23)\n\n{header}\n\nCommand: `{command}`\n\n"
              f"**Verdict: {'pass' if verdict else 'FAIL'}**\n\n" + "\n".join(table)
              + "\n\n![RSS and p99 per minute](soak.svg)\n\n" + "\n".join(per_segment) + "\n\nNotes:\n\n"
              + "".join(f"- {note}\n" for note in notes))
    print("\n" + report)
    if not args.no_write:
        out_dir = Path(args.out_dir)
        out_dir.mkdir(exist_ok=True)
        (out_dir / "soak.md").write_text(report)
        (out_dir / "soak.svg").write_text(svg_plot(
            samples, segments, rss,
            f"Clientele soak, {commit.split()[0]}, {load_seconds / 60:.0f} min mixed load "
            f"(wrk -t{args.threads} -c{args.connections}), {'PostgreSQL' if args.database_url else 'SQLite'}"))
        say(f"written to {out_dir / 'soak.md'} and {out_dir / 'soak.svg'}")
    say(f"verdict: {'pass' if verdict else 'FAIL'} (errors {'ok' if errors_ok else 'FAIL'}, RSS {rss['growth']:+.1%} "
        f"{'ok' if rss_ok else 'FAIL'}, p99 ×{p99['ratio']:.2f} {'ok' if p99_ok else 'FAIL'})")
    sys.exit(0 if verdict else 1)


if __name__ == "__main__":
    main()
