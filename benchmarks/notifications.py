#!/usr/bin/env python3
"""Clientele's notification benchmarks: the outbox delivering to a real SMTP server and HTTP SMS sink on loopback.

Measures, as the notifications issue asks (release build, SQLite, one command):
  (a) 100,000 queued emails delivered to Tests/support/smtp_server.py (aiosmtpd, --no-raw --flush-every 1000):
      messages/s from the first to the last acceptance at the sink (target >= 500/s);
  (b) 100,000 queued SMS delivered to Tests/support/sms_sink.py, and again to a fast asyncio sink of this script
      (`fast-sms-sink`), since the threaded Python sink may be what limits the rate (target >= 500/s);
      each sink is also driven alone by a trivial Python client, the baseline of what it can take;
  (c) the delay from a task move's commit (its API answer) to the provider's acceptance of its email and SMS, with
      the queue empty: 200 moves spaced out, p50/p99/max (target p99 <= 1 s);
  (d) task moves/s with notifications on (the default matrix, providers configured, workers delivering) against off
      (every event's channels empty, set by PATCH /organizations/{id}), alternating rounds in the same run
      (target: on at most 25 % slower).
The queue is filled with workers off (CLIENTELE_OUTBOX_WORKERS=0): customers by a CSV import, then marketing messages
(at most 50,000 customers each) to everyone opted in; then a server with workers on delivers it.

Usage: python3 benchmarks/notifications.py [--messages N] [--quick] [--skip-build | --binary PATH] [--keep]
Results: a Markdown table printed at the end and written to benchmarks/results/notifications.md.
"""
import argparse
import asyncio
import http.client
import json
import multiprocessing
import os
import random
import resource
import shutil
import signal
import smtplib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".build-bench"
BINARY = SCRATCH / "release" / "clientele"
SUPPORT = ROOT / "Tests" / "support"
ROOT_USER = ("bench-root@example.com", "bench-root-password")
ADMIN = ("boss@notify.example", "notify-admin-password")
PUBLIC_URL = "https://notify.example"
MAX_PER_MESSAGE = 50_000


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def percentile(samples, p):
    """Nearest rank: of 200 samples, p99 is the 198th smallest."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered))) - 1))]


def cpu_seconds(pid):
    """User + system CPU time of a process so far (from /proc), or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None


def machine_busy():
    """CPU seconds the whole machine has been busy (user, nice, system, steal from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (fields[0] + fields[1] + fields[2] + (fields[7] if len(fields) > 7 else 0)) / os.sysconf("SC_CLK_TCK")


def own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class OtherCpu:
    """How much of the machine other processes took during a measurement: all busy time less ours (this script,
    the server and the sinks, whose pids are given when asked)."""

    def __init__(self, pids):
        self.started, self.busy, self.own = time.monotonic(), machine_busy(), self._own(pids)

    @staticmethod
    def _own(pids):
        return own_cpu() + sum(cpu_seconds(pid) or 0 for pid in pids)

    def share(self, pids):
        other = (machine_busy() - self.busy) - (self._own(pids) - self.own)
        return max(0.0, other) / ((time.monotonic() - self.started) * (os.cpu_count() or 1))


def wait_for_quiet(limit_seconds, window=5.0, threshold=0.10):
    """On this shared 2-core machine a build or a test run halves every figure: wait (at most limit_seconds) until
    other processes take less than `threshold` of the CPU over `window` seconds. Answers the share seen last."""
    deadline = time.monotonic() + limit_seconds
    while True:
        watch = OtherCpu([])
        time.sleep(window)
        share = watch.share([])
        if share < threshold or time.monotonic() >= deadline:
            return share
        say(f"other processes take {share:.0%} of the CPU: waiting (at most {deadline - time.monotonic():.0f} s more)")


# --- the sinks ------------------------------------------------------------------------------------------------------

class Sink:
    """A provider process on a free port, with a thread that watches its output file: every new line is stamped with
    the time the watcher saw it (polled every 2 ms), so that acceptance times need nothing from the sink itself."""

    def __init__(self, work, name, command):
        self.out = work / f"{name}.jsonl"
        self.out.unlink(missing_ok=True)
        self.out.touch()
        self.log = open(work / f"{name}.log", "wb")
        self.process = subprocess.Popen(command + ["--port", "0", "--out", str(self.out)], stdout=subprocess.PIPE,
                                        stderr=self.log)
        line = self.process.stdout.readline().decode()
        if not line.startswith("READY "):
            raise RuntimeError(f"{name} did not start: {line!r}")
        self.port = int(line.split()[1])
        self.stamps = []          # (monotonic time, lines so far) at each change
        self.lines = []           # (monotonic time first seen, line bytes)
        self.keep_lines = False
        self._stop = False
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self):
        with open(self.out, "rb") as f:
            rest, count = b"", 0
            while not self._stop:
                chunk = f.read()
                if chunk:
                    now = time.monotonic()
                    rest += chunk
                    *complete, rest = rest.split(b"\n")
                    if complete:
                        count += len(complete)
                        self.stamps.append((now, count))
                        if self.keep_lines:
                            self.lines.extend((now, line) for line in complete)
                else:
                    time.sleep(0.002)

    @property
    def count(self):
        return self.stamps[-1][1] if self.stamps else 0

    def wait_for(self, n, timeout, progress=None):
        deadline = time.monotonic() + timeout
        next_report = time.monotonic() + 10
        while self.count < n:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.out.name}: {self.count} of {n} after {timeout:.0f} s")
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.out.name}: the sink exited")
            if progress and time.monotonic() > next_report:
                progress(self.count)
                next_report += 10
            time.sleep(0.05)

    def rate(self, since_count=0):
        """Messages/s from the first acceptance after `since_count` lines to the last one seen."""
        stamps = [s for s in self.stamps if s[1] > since_count]
        if len(stamps) < 2:
            return None, 0
        (t0, c0), (t1, c1) = stamps[0], stamps[-1]
        # The first stamp covers the lines seen at once; the rate counts what arrived after it.
        return (c1 - c0) / (t1 - t0), t1 - t0

    def records(self):
        return [json.loads(line) for line in self.out.read_bytes().splitlines() if line.strip()]

    def stop(self):
        self._stop = True
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._thread.join(timeout=5)
        self.log.close()


def smtp_sink(work, name, *extra):
    return Sink(work, name, [sys.executable, str(SUPPORT / "smtp_server.py"), "--no-raw", *extra])


def sms_sink(work, name):
    return Sink(work, name, [sys.executable, str(SUPPORT / "sms_sink.py")])


def fast_sms_sink(work, name):
    return Sink(work, name, [sys.executable, str(Path(__file__).resolve()), "fast-sms-sink"])


def run_fast_sms_sink(argv):
    """An SMS provider like Tests/support/sms_sink.py (same JSON lines, same Idempotency-Key handling), but one
    asyncio loop parsing HTTP/1.1 itself instead of a thread per connection: the faster sink for (b)."""
    parser = argparse.ArgumentParser(prog="notifications.py fast-sms-sink")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--out", required=True)
    parser.add_argument("--flush-every", type=int, default=1000)
    args = parser.parse_args(argv)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    out = open(args.out, "a", buffering=1 << 16)
    accepted, state = set(), {"n": 0}

    class Connection(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport, self.buffer = transport, b""

        def data_received(self, data):
            self.buffer += data
            while True:
                head_end = self.buffer.find(b"\r\n\r\n")
                if head_end < 0:
                    return
                head = self.buffer[:head_end].decode("latin-1").split("\r\n")
                headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:])}
                length = int(headers.get("content-length", "0"))
                if len(self.buffer) < head_end + 4 + length:
                    return
                body = self.buffer[head_end + 4:head_end + 4 + length]
                self.buffer = self.buffer[head_end + 4 + length:]
                self.answer(headers.get("idempotency-key"), body)

        def answer(self, key, body):
            try:
                message = json.loads(body)
                status = 200
            except ValueError:
                message, status = {}, 400
            duplicate = key in accepted
            if status == 200 and key:
                accepted.add(key)
            out.write(json.dumps({"key": key, "id": message.get("id"), "to": message.get("to"), "body": message.get("body"),
                                  "status": status, "duplicate": duplicate}) + "\n")
            state["n"] += 1
            if state["n"] % args.flush_every == 0:
                out.flush()
            payload = json.dumps({"id": key, "duplicate": duplicate}).encode()
            self.transport.write(b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                                 % (status, b"OK" if status == 200 else b"Bad Request", len(payload)) + payload)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(Connection, "127.0.0.1", args.port, backlog=512)
        stop = loop.create_future()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, lambda: stop.done() or stop.set_result(None))
        print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
        await stop
        server.close()
        out.flush()

    asyncio.run(serve())


# --- the sinks alone: the baselines ---------------------------------------------------------------------------------

def _smtp_client(port, start, count, barrier):
    """smtplib, one connection, a ready-made multipart message with its own Message-ID each time (building one with
    the email package costs the client more than the sink spends on it)."""
    body = "Hello Ada,\n\nNews from Notify Bench: this week only.\n\nNotify Bench\n"
    message = EmailMessage()
    message["From"], message["To"] = "bench@notify.example", "baseline@example.com"
    message["Subject"], message["Message-ID"] = "News from Notify Bench", "<MESSAGE-ID@notify.example>"
    message.set_content(body)
    message.add_alternative(f"<p>{body}</p>", subtype="html")
    raw = message.as_bytes().replace(b"\n", b"\r\n")
    barrier.wait()
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        client.ehlo()
        for n in range(start, start + count):
            client.sendmail("bench@notify.example", [f"baseline{n}@example.com"],
                            raw.replace(b"MESSAGE-ID", b"baseline-%d" % n))


def _sms_client(port, start, count, barrier):
    barrier.wait()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for n in range(start, start + count):
        key = f"baseline-{n}"
        body = json.dumps({"id": key, "to": f"+4930{n:07d}", "body": "Notify Bench: news of this week only."})
        connection.request("POST", "/sms", body, {"Content-Type": "application/json", "Idempotency-Key": key})
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
    connection.close()


def sink_alone(sink, client, messages, clients):
    """Drives `sink` with `clients` processes of a trivial Python client; answers its acceptance rate."""
    per = messages // clients
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(clients)
    processes = [context.Process(target=client, args=(sink.port, i * per, per, barrier)) for i in range(clients)]
    cpu0 = cpu_seconds(sink.process.pid)
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise RuntimeError("a baseline client failed")
    sink.wait_for(per * clients, 120)
    rate, seconds = sink.rate()
    return rate, seconds, cpu_seconds(sink.process.pid) - cpu0


# --- the server -----------------------------------------------------------------------------------------------------

class Server:
    def __init__(self, work, env, port):
        self.work, self.env, self.port = work, env, port
        self.process = None

    def start(self, **extra):
        env = {**self.env, **{k: str(v) for k, v in extra.items() if v is not None}}
        for key in [k for k, v in extra.items() if v is None]:
            env.pop(key, None)
        self.process = subprocess.Popen([str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(self.port)],
                                        cwd=self.work, env=env, stdout=open(self.work / "server.log", "ab"),
                                        stderr=subprocess.STDOUT)
        for _ in range(600):
            try:
                if Api(self.port).call("GET", "/health")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Api:
    """One keep-alive connection to the server (one per thread)."""

    def __init__(self, port, token=None):
        self.port, self.token = port, token
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def call(self, method, path, body=None, raw=None, content_type="application/json"):
        headers = {}
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        if data is not None:
            headers["Content-Type"] = content_type
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
                if attempt == 2:
                    raise
        return response.status, (json.loads(payload) if payload and payload[:1] in b"{[" else payload)

    def ok(self, method, path, body=None, expect=(200, 201, 202, 204), **kw):
        status, answer = self.call(method, path, body, **kw)
        if status not in expect:
            raise RuntimeError(f"{method} {path}: {status} {answer!r:.500}")
        return answer

    def total(self, **filters):
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        return self.ok("GET", f"/api/v1/notifications?per_page=1&{query}")["total"]

    def notifications(self, **filters):
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        items, cursor = [], None
        while True:
            page = self.ok("GET", f"/api/v1/notifications?per_page=100&{query}" + (f"&cursor={cursor}" if cursor else ""))
            items += page["data"]
            cursor = page.get("next_cursor")
            if not cursor:
                return items

    def wait_idle(self, timeout=600, **filters):
        """Until none of this organization's notifications (of `filters`) is queued or sending."""
        deadline = time.monotonic() + timeout
        while self.total(status="queued", **filters) + self.total(status="sending", **filters):
            if time.monotonic() > deadline:
                raise RuntimeError("the outbox did not empty")
            time.sleep(0.2)


def sign_in(port, email, password):
    return Api(port).ok("POST", "/api/v1/auth/token", {"email": email, "password": password})["token"]


def organization(port, root, slug, name):
    org = Api(port, root).ok("POST", "/api/v1/organizations", {
        "name": name, "slug": slug, "settings": {"default_country": "DE"},
        "admin": {"email": f"boss@{slug}.example", "name": "Boss", "password": ADMIN[1]}})
    return org["id"], sign_in(port, f"boss@{slug}.example", ADMIN[1])


MATRIX_OFF = {event: [] for event in ("task_created", "task_accepted", "task_in_transit", "task_completed", "task_cancelled")}
MATRIX_ON = {"task_created": ["in_app", "email"], "task_accepted": ["in_app", "email"],
             "task_in_transit": ["in_app", "email", "sms"], "task_completed": ["in_app", "email", "sms"],
             "task_cancelled": ["in_app", "email"]}


def prepare_tasks(api, count, customer, agent, threads=4):
    """`count` delivery tasks moved to `accepted` (the move before in_transit), by `threads` clients."""
    def run(share):
        client = Api(api.port, api.token)
        ids = []
        for _ in range(share):
            task = client.ok("POST", "/api/v1/tasks", {"type": "delivery", "customer_id": customer,
                                                      "dropoff": {"line1": "1 Bench Street", "city": "Berlin"}})
            for to in ("awaiting_assignment", "assigned", "accepted"):
                client.ok("POST", f"/api/v1/tasks/{task['id']}/transitions",
                          {"to": to, **({"agent_id": agent} if to == "assigned" else {})})
            ids.append(task["id"])
        results.append(ids)
    results = []
    shares = [count // threads + (1 if i < count % threads else 0) for i in range(threads)]
    workers = [threading.Thread(target=run, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    ids = [task for chunk in results for task in chunk]
    if len(ids) != count:
        raise RuntimeError("preparing tasks failed")
    return ids


def move_round(api, tasks, threads=4):
    """Moves every task accepted → in_transit → completed with `threads` clients; answers moves/s."""
    errors = []

    def run(chunk):
        client = Api(api.port, api.token)
        try:
            for task in chunk:
                client.ok("POST", f"/api/v1/tasks/{task}/transitions", {"to": "in_transit"})
                client.ok("POST", f"/api/v1/tasks/{task}/transitions", {"to": "completed"})
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
    chunks = [tasks[i::threads] for i in range(threads)]
    workers = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.perf_counter() - started
    if errors:
        raise errors[0]
    return 2 * len(tasks) / seconds


# --- the run --------------------------------------------------------------------------------------------------------

def main():
    if len(sys.argv) > 1 and sys.argv[1] == "fast-sms-sink":
        return run_fast_sms_sink(sys.argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000, help="emails and SMS each (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="a small run while developing: 5,000 messages, fewer moves")
    parser.add_argument("--latency-moves", type=int, default=200)
    parser.add_argument("--move-tasks", type=int, default=1000, help="tasks per round of (d); each is moved twice")
    parser.add_argument("--rounds", type=int, default=3, help="cycles of (d): a round with notifications off, on, and on "
                        "with workers off in each")
    parser.add_argument("--only", default="a,b,c,d", help="the parts to run, e.g. --only d (default a,b,c,d)")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--binary", help="use this clientele binary (skips the build)")
    parser.add_argument("--quiet-wait", type=float, default=600, metavar="SECONDS",
                        help="before measuring, wait at most this long for other processes to leave the CPU (default 600)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, logs, sink files)")
    args = parser.parse_args()
    if args.quick:
        args.messages, args.latency_moves, args.move_tasks = 5_000, 50, 200
    parts = {part.strip() for part in args.only.split(",") if part.strip()}
    if not parts or parts - {"a", "b", "c", "d"}:
        parser.error("--only takes a comma-separated list of a, b, c, d")
    global BINARY
    if args.binary:
        BINARY, args.skip_build = Path(args.binary).resolve(), True
    if not args.skip_build:
        say("building the release binary (swift build -c release --scratch-path .build-bench)")
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", str(SCRATCH), "--product", "clientele"],
                       cwd=ROOT, check=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "Sources", "Package.swift"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    work = Path(tempfile.mkdtemp(prefix="clientele-notify-"))
    shutil.copy(BINARY, work / "clientele")
    BINARY = work / "clientele"
    n = args.messages
    port = 20080 + os.getpid() % 900
    base_env = {**os.environ, "DATABASE_URL": f"sqlite://{work / 'notify.sqlite'}", "LOG_LEVEL": "warning",
                "CLIENTELE_BCRYPT_COST": "4", "CLIENTELE_ADMIN_EMAIL": ROOT_USER[0],
                "CLIENTELE_ADMIN_PASSWORD": ROOT_USER[1], "CLIENTELE_PUBLIC_URL": PUBLIC_URL,
                "SMTP_FROM": "Notify Bench <bench@notify.example>"}
    for key in ("SMTP_URL", "SMS_WEBHOOK_URL", "CLIENTELE_OUTBOX_WORKERS"):
        base_env.pop(key, None)
    server = Server(work, base_env, port)
    sinks = []
    rows, notes = [], []

    def sink(kind, name, *extra):
        made = {"smtp": smtp_sink, "sms": sms_sink, "fast": fast_sms_sink}[kind](work, name, *extra)
        sinks.append(made)
        return made

    def release(made):
        made.stop()
        sinks.remove(made)

    try:
        share = wait_for_quiet(args.quiet_wait)
        if share >= 0.10:
            notes.append(f"Other processes took {share:.0%} of the CPU when the run began (after waiting "
                         f"{args.quiet_wait:.0f} s for them).")
        # Baselines: each sink alone, driven by a trivial Python client (4 processes, one connection each).
        alone = min(n, 20_000)
        if "a" in parts:
            say(f"baseline: smtp_server.py alone, {alone:,} messages from smtplib (4 clients)")
            s = sink("smtp", "smtp-alone", "--flush-every", "1000")
            smtp_alone, _, smtp_alone_cpu = sink_alone(s, _smtp_client, alone, 4)
            release(s)
            say(f"  {smtp_alone:,.0f} messages/s (sink CPU {smtp_alone_cpu:.1f} s)")
        if "b" in parts:
            say(f"baseline: sms_sink.py alone, {alone:,} requests from http.client (4 clients)")
            s = sink("sms", "sms-alone")
            sms_alone, _, sms_alone_cpu = sink_alone(s, _sms_client, alone, 4)
            release(s)
            say(f"  {sms_alone:,.0f} requests/s (sink CPU {sms_alone_cpu:.1f} s)")
            say(f"baseline: fast-sms-sink alone, {alone:,} requests")
            s = sink("fast", "fast-alone")
            fast_alone, _, fast_alone_cpu = sink_alone(s, _sms_client, alone, 4)
            release(s)
            say(f"  {fast_alone:,.0f} requests/s (sink CPU {fast_alone_cpu:.1f} s)")

        if parts & {"a", "b"}:
            # The backlog, written with the workers off.
            say(f"filling: {n:,} customers by CSV import, then marketing messages (workers off)")
            server.start(CLIENTELE_OUTBOX_WORKERS=0)
            root = sign_in(port, *ROOT_USER)
            org_id, token = organization(port, root, "notify", "Notify Bench")
            api = Api(port, token)
            groups = max(1, -(-n // MAX_PER_MESSAGE))
            csv = "name,email,phone,email_opt_in,sms_opt_in,tags\n" + "".join(
                f"Person {i},person{i}@example.com,+4930{3000000 + i},true,true,g{i % groups}\n" for i in range(n))
            started = time.perf_counter()
            job = api.ok("POST", "/api/v1/customers/import", raw=csv.encode(), content_type="text/csv", expect=(202,))
            while (state := api.ok("GET", f"/api/v1/imports/{job['id']}"))["status"] == "running":
                time.sleep(0.5)
            if state["status"] != "done" or state["created"] != n:
                raise RuntimeError(f"import: {state}")
            say(f"  imported {n:,} customers in {time.perf_counter() - started:.1f} s")

            def queue(channel):
                for g in range(groups):
                    started = time.perf_counter()
                    answer = api.ok("POST", "/api/v1/messages", {
                        "channel": channel, "filters": {"tag": f"g{g}"},
                        **({"subject": "News from {{organization.name}}",
                            "body": "<p>Hello {{customer.first_name}},</p><p>This week only: 10% off.</p>"
                                    '<p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>'} if channel == "email" else
                           {"body": "{{organization.name}}: this week only, 10% off."})}, expect=(202,))
                    seconds = time.perf_counter() - started
                    say(f"  POST /messages ({channel}, group {g + 1}/{groups}): {answer['queued']:,} queued in {seconds:.1f} s "
                        f"({answer['queued'] / seconds:,.0f}/s)")
                    notes.append(f"`POST /api/v1/messages` ({channel}) wrote {answer['queued']:,} notifications in "
                                 f"{seconds:.1f} s ({answer['queued'] / seconds:,.0f}/s).")
            if "a" in parts:
                queue("email")
            if "b" in parts:
                queue("sms")
            server.stop()

            def deliver(channel, made, label, sent_before=0):
                """Starts a server with workers on and only this channel's provider; waits for all n at the sink."""
                extra = {"SMTP_URL": f"smtp://127.0.0.1:{made.port}", "SMS_WEBHOOK_URL": None} if channel == "email" else \
                    {"SMTP_URL": None, "SMS_WEBHOOK_URL": f"http://127.0.0.1:{made.port}/sms"}
                say(f"({'a' if channel == 'email' else 'b'}) delivering {n:,} queued {channel} to {label}")
                server.start(**extra)
                server_cpu0, sink_cpu0 = cpu_seconds(server.process.pid), cpu_seconds(made.process.pid)
                others = OtherCpu([server.process.pid, made.process.pid])
                started = time.monotonic()
                made.wait_for(n, max(600, n / 50),
                              progress=lambda c: say(f"  {c:,} of {n:,} ({c / (time.monotonic() - started):,.0f}/s)"))
                other_share = others.share([server.process.pid, made.process.pid])
                server_cpu = cpu_seconds(server.process.pid) - server_cpu0
                sink_cpu = cpu_seconds(made.process.pid) - sink_cpu0
                if other_share > 0.05:
                    notes.append(f"While {n:,} {channel} went to {label}, other processes took {other_share:.0%} of the CPU.")
                rate, seconds = made.rate()
                api.wait_idle(channel=channel)
                sent = api.total(status="sent", channel=channel, event="marketing") - sent_before
                server.stop()
                records = made.records()
                keys = [r["message_id"] if channel == "email" else r["key"] for r in records]
                distinct = len(set(keys))
                if distinct != n or sent != n:
                    raise RuntimeError(f"{channel}: {len(keys)} at the sink, {distinct} distinct, {sent} sent in the API")
                say(f"  {rate:,.0f} messages/s over {seconds:.1f} s; server CPU {server_cpu:.1f} s, sink CPU {sink_cpu:.1f} s, "
                    f"other processes {other_share:.0%} of the machine; {len(keys):,} received, {distinct:,} distinct")
                return rate, seconds, server_cpu, sink_cpu, len(keys) - distinct

            if "a" in parts:
                s = sink("smtp", "smtp-a", "--flush-every", "1000")
                email = deliver("email", s, "smtp_server.py --no-raw --flush-every 1000")
                release(s)
                rows.append((f"(a) {n:,} queued emails → smtp_server.py: messages/s, first to last acceptance",
                             f"{email[0]:,.0f} ({email[1]:.1f} s; server CPU {email[2]:.0f} s, sink CPU {email[3]:.0f} s)",
                             f"{smtp_alone:,.0f} (the sink alone, smtplib)", email[0] / smtp_alone, "≥ 500/s", email[0] >= 500))
            if "b" in parts:
                s = sink("sms", "sms-b")
                sms = deliver("sms", s, "sms_sink.py")
                release(s)
                rows.append((f"(b) {n:,} queued SMS → sms_sink.py: messages/s",
                             f"{sms[0]:,.0f} ({sms[1]:.1f} s; server CPU {sms[2]:.0f} s, sink CPU {sms[3]:.0f} s)",
                             f"{sms_alone:,.0f} (the sink alone, http.client)", sms[0] / sms_alone, "≥ 500/s", sms[0] >= 500))

                say("refilling the SMS backlog for the fast sink (workers off)")
                server.start(CLIENTELE_OUTBOX_WORKERS=0)
                queue("sms")
                server.stop()
                s = sink("fast", "fast-b")
                fast = deliver("sms", s, "fast-sms-sink (asyncio)", sent_before=n)
                release(s)
                rows.append((f"(b) {n:,} queued SMS → fast-sms-sink (asyncio): messages/s",
                             f"{fast[0]:,.0f} ({fast[1]:.1f} s; server CPU {fast[2]:.0f} s, sink CPU {fast[3]:.0f} s)",
                             f"{fast_alone:,.0f} (the sink alone, http.client)", fast[0] / fast_alone, "≥ 500/s", fast[0] >= 500))
        if parts & {"c", "d"}:
            server.start(CLIENTELE_OUTBOX_WORKERS=0)
            root = sign_in(port, *ROOT_USER)
            server.stop()

        if "c" in parts:
            # (c) commit → acceptance, queue empty.
            say(f"(c) {args.latency_moves} task moves to in_transit, 40–80 ms apart, with an empty queue")
            smtp_c = sink("smtp", "smtp-c")           # each message on disk before its 250
            sms_c = sink("sms", "sms-c")
            smtp_c.keep_lines = sms_c.keep_lines = True
            server.start(SMTP_URL=f"smtp://127.0.0.1:{smtp_c.port}", SMS_WEBHOOK_URL=f"http://127.0.0.1:{sms_c.port}/sms")
            _, token_c = organization(port, root, "latency", "Latency Bench")
            api_c = Api(port, token_c)
            customer = api_c.ok("POST", "/api/v1/customers", {"name": "Lena Latency", "email": "lena@example.com",
                                                              "phone": "+4930555000"})["id"]
            agent = api_c.ok("POST", "/api/v1/users", {"email": "driver@latency.example", "name": "Dan Driver",
                                                       "password": ADMIN[1], "role": "agent"})["id"]
            tasks = prepare_tasks(api_c, args.latency_moves, customer, agent)
            api_c.wait_idle()
            time.sleep(1)
            answered = {}
            for task in tasks:
                api_c.ok("POST", f"/api/v1/tasks/{task}/transitions", {"to": "in_transit"})
                answered[task] = time.monotonic()
                time.sleep(random.uniform(0.04, 0.08))
            api_c.wait_idle()
            time.sleep(0.5)
            seen = {}
            for t, line in smtp_c.lines:
                seen.setdefault(json.loads(line)["message_id"].strip("<>").split("@")[0], t)
            for t, line in sms_c.lines:
                seen.setdefault(json.loads(line)["key"], t)
            delays = {"email": [], "sms": []}
            for note in api_c.notifications(event="task_in_transit"):
                if note["channel"] in delays and note["task_id"] in answered:
                    delays[note["channel"]].append((seen[note["id"]] - answered[note["task_id"]]) * 1000)
            server.stop()
            release(smtp_c)
            release(sms_c)
            for channel, label in (("email", "email → smtp_server.py"), ("sms", "SMS → sms_sink.py")):
                samples = delays[channel]
                if len(samples) != len(tasks):
                    raise RuntimeError(f"(c): {len(samples)} {channel} delays for {len(tasks)} moves")
                p50, p99, top = percentile(samples, 50), percentile(samples, 99), max(samples)
                say(f"  {channel}: p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {top:.0f} ms")
                rows.append((f"(c) commit → acceptance, {label}, {len(samples)} moves: p50 / p99 / max ms",
                             f"{p50:.0f} / {p99:.0f} / {top:.0f}", "", "", "p99 ≤ 1,000 ms", p99 <= 1000))

        if "d" in parts:
            # (d) task moves with notifications on and off.
            modes = ("off", "on", "on, workers off")
            say(f"(d) task moves: {args.rounds} cycles of a round of each mode ({'; '.join(modes)}), "
                f"{args.move_tasks} tasks × 2 moves per round, 4 clients")
            smtp_d = sink("smtp", "smtp-d", "--flush-every", "1000")
            sms_d = sink("fast", "sms-d")
            providers = {"SMTP_URL": f"smtp://127.0.0.1:{smtp_d.port}", "SMS_WEBHOOK_URL": f"http://127.0.0.1:{sms_d.port}/sms"}
            server.start(**providers)
            org_d, token_d = organization(port, root, "moves", "Moves Bench")
            api_d = Api(port, token_d)
            customer = api_d.ok("POST", "/api/v1/customers", {"name": "Mo Mover", "email": "mo@example.com",
                                                              "phone": "+4930555001"})["id"]
            agent = api_d.ok("POST", "/api/v1/users", {"email": "driver@moves.example", "name": "Dan Driver",
                                                       "password": ADMIN[1], "role": "agent"})["id"]
            api_d.ok("PATCH", f"/api/v1/organizations/{org_d}", {"settings": {"notifications": MATRIX_OFF}})
            say(f"  preparing {len(modes) * args.rounds * args.move_tasks:,} accepted tasks (notifications off)")
            pool = prepare_tasks(api_d, len(modes) * args.rounds * args.move_tasks, customer, agent)
            server.stop()
            results = {mode: [] for mode in modes}        # moves/s, one per cycle
            cpu_per_move = {mode: [] for mode in modes}   # the server's CPU ms per move
            sinks_per_move = {mode: [] for mode in modes}  # the two sinks' CPU ms per move
            other_shares = []
            # Cycle k runs each mode once, in an order rotated by k, so that a drift of this machine's speed during the
            # run does not always favour the same mode; each cycle's ratios compare rounds minutes apart at most.
            schedule = [modes[(k + i) % len(modes)] for k in range(args.rounds) for i in range(len(modes))]
            for index, mode in enumerate(schedule):
                # Every round on a freshly started server, the outbox empty (what a workers-off round left is delivered
                # before the next round starts).
                server.start(**providers)
                api_d.wait_idle()
                if mode == "on, workers off":
                    server.stop()
                    server.start(CLIENTELE_OUTBOX_WORKERS=0, **providers)
                api_d.ok("PATCH", f"/api/v1/organizations/{org_d}",
                         {"settings": {"notifications": MATRIX_OFF if mode == "off" else MATRIX_ON}})
                before = api_d.total()
                chunk = pool[index * args.move_tasks:(index + 1) * args.move_tasks]
                cpu0 = cpu_seconds(server.process.pid)
                sinks0 = cpu_seconds(smtp_d.process.pid) + cpu_seconds(sms_d.process.pid)
                ours = [server.process.pid, smtp_d.process.pid, sms_d.process.pid]
                others = OtherCpu(ours)
                rate = move_round(api_d, chunk)
                other_shares.append(others.share(ours))
                cpu_ms = (cpu_seconds(server.process.pid) - cpu0) * 1000 / (2 * len(chunk))
                sinks_ms = (cpu_seconds(smtp_d.process.pid) + cpu_seconds(sms_d.process.pid) - sinks0) * 1000 / (2 * len(chunk))
                written = api_d.total() - before
                expected = 0 if mode == "off" else 6 * len(chunk)
                if written != expected:
                    raise RuntimeError(f"(d) round {index + 1} ({mode}): {written} notifications written, expected {expected}")
                results[mode].append(rate)
                cpu_per_move[mode].append(cpu_ms)
                sinks_per_move[mode].append(sinks_ms)
                say(f"  round {index + 1} ({mode}): {rate:,.0f} moves/s, CPU per move: server {cpu_ms:.2f} ms, "
                    f"sinks {sinks_ms:.2f} ms; {written:,} notifications written")
                server.stop()
            server.start(**providers)
            api_d.wait_idle()
            server.stop()
            release(smtp_d)
            release(sms_d)
            def series(values, unit=""):
                return ", ".join(f"{v:,.0f}{unit}" for v in values)
            off = results["off"]
            for mode, label, target in (("on", "notifications on (delivered meanwhile)", "≥ 0.75 (at most 25 % slower)"),
                                        ("on, workers off", "notifications written, not delivered (workers off)", "")):
                ratios = [on / base for on, base in zip(results[mode], off)]
                ratio = statistics.median(ratios)
                rows.append((f"(d) task moves/s, 4 clients, {label}; per cycle",
                             f"{series(results[mode])} (CPU per move: server "
                             f"{statistics.median(cpu_per_move[mode]):.2f} ms, sinks "
                             f"{statistics.median(sinks_per_move[mode]):.2f} ms)",
                             f"{series(off)} off (server {statistics.median(cpu_per_move['off']):.2f} ms per move)",
                             f"{ratio:.2f} (cycles {', '.join(f'{r:.2f}' for r in ratios)})",
                             target, ratio >= 0.75 if target else ""))
            if max(other_shares) > 0.05:
                notes.append(f"During the rounds of (d) other processes took up to {max(other_shares):.0%} of the CPU.")
            notes.append(f"(d): {args.rounds} cycles of one round per mode, the order rotated from cycle to cycle; the ratio "
                         "is the median of the cycles' ratios (a mode's round over the same cycle's off round). "
                         f"Each round moves its own {args.move_tasks:,} accepted tasks to in_transit and then to "
                         "completed (2 moves each), on a freshly started server with an empty outbox. With notifications "
                         "on, each move writes an in-app, an email and an SMS notification in its transaction (6 per "
                         "task); in the \"on\" rounds the workers deliver them meanwhile to smtp_server.py and the fast "
                         "SMS sink, in the \"workers off\" rounds they are only written (the cost of the transaction "
                         "alone). Off: `settings.notifications` with every event's list empty (PATCH before the round). "
                         "The sinks are Python processes on the same 2 cores: their CPU per move is CPU the server "
                         "did not have in the \"on\" rounds.")
    finally:
        server.stop()
        for made in list(sinks):
            made.stop()
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    table = ["| measurement | value | baseline | ratio | target | met |", "| --- | --- | --- | --- | --- | --- |"]
    for label, value, baseline, ratio, target, met in rows:
        verdict = "" if met == "" else ("yes" if met else "NO")
        table.append(f"| {label} | {value} | {baseline} | {f'{ratio:.2f}' if isinstance(ratio, float) else ratio} | "
                     f"{target} | {verdict} |")
    command = "python3 benchmarks/notifications.py" + (" --quick" if args.quick else "") + \
        (f" --messages {args.messages}" if not args.quick and args.messages != 100_000 else "")
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), "?")
    report = (f"# Notification benchmark\n\n{time.strftime('%Y-%m-%d %H:%M')} UTC · commit {commit}"
              f"{' (with uncommitted changes in Sources)' if dirty else ''} · release build · SQLite · "
              f"{os.cpu_count()} cores ({cpu})\n\nCommand: `{command}`\n\n" + "\n".join(table) + "\n\n"
              + "".join(f"- {note}\n" for note in notes))
    print("\n" + report)
    if not args.quick:  # a quick run is for development: printed, not kept
        results_dir = ROOT / "benchmarks" / "results"
        results_dir.mkdir(exist_ok=True)
        (results_dir / "notifications.md").write_text(report)


if __name__ == "__main__":
    main()
