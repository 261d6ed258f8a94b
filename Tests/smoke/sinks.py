"""The providers of the notification smoke tests: the real SMTP server (aiosmtpd) and the SMS webhook sink of
Tests/support, each a process of its own on a free loopback port, and what they received, read back from their
JSON-lines files. Also a small API client for the organization the tests work in."""
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = ROOT / "Tests" / "support"


class SinkProcess:
    """`python3 Tests/support/<script> --port 0 --out FILE …`, started and waited for until it prints READY <port>."""

    script = None

    def __init__(self, workdir, name, *args):
        self.out = Path(workdir) / f"{name}.jsonl"
        self.log_path = Path(workdir) / f"{name}.log"
        self.args = [str(a) for a in args]
        self.process = None
        self.port = None

    def start(self):
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen([sys.executable, str(SUPPORT / self.script), "--port", "0", "--out", str(self.out),
                                         *self.args], stdout=subprocess.PIPE, stderr=self.log)
        deadline = time.time() + 30
        line = b""
        while time.time() < deadline and not line.endswith(b"\n"):
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 256)
                if not chunk:
                    break
                line += chunk
        if not line.startswith(b"READY "):
            self.stop()
            raise RuntimeError(f"{self.script} did not start: {line!r}\n{self.log_path.read_text(errors='replace')}")
        self.port = int(line.split()[1])
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()

    def records(self):
        """Every complete line written so far (a line still being written is left for the next read)."""
        if not self.out.exists():
            return []
        text = self.out.read_text(encoding="utf-8", errors="surrogateescape")
        lines = text.split("\n")
        return [json.loads(line) for line in lines[:-1] if line.strip()]

    def count(self):
        if not self.out.exists():
            return 0
        with open(self.out, "rb") as f:
            return f.read().count(b"\n")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class SMTPSink(SinkProcess):
    """smtp_server.py: one record per accepted message, with `message_id` and (unless --no-raw) `raw`."""

    script = "smtp_server.py"

    def url(self, scheme="smtp", userinfo="", query=""):
        return f"{scheme}://{userinfo + '@' if userinfo else ''}127.0.0.1:{self.port}{'?' + query if query else ''}"


class SMSSink(SinkProcess):
    """sms_sink.py: one record per request, with `key` (the Idempotency-Key), `status` and `duplicate`."""

    script = "sms_sink.py"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/sms"


def wait_until(predicate, seconds=30, interval=0.1, what="condition"):
    deadline = time.time() + seconds
    while True:
        value = predicate()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"{what} not reached within {seconds} s (last value {value!r})")
        time.sleep(interval)


ROOT_USER = {"CLIENTELE_ADMIN_EMAIL": "owner@example.com", "CLIENTELE_ADMIN_PASSWORD": "owner-password-1"}


class Org:
    """One organization on a running server, used through the API as its admin."""

    def __init__(self, server, token, org_id):
        self.server, self.token, self.id = server, token, org_id

    @classmethod
    def create(cls, server, slug="acme", name="Acme Deliveries", country="DE"):
        root = server.sign_in(ROOT_USER["CLIENTELE_ADMIN_EMAIL"], ROOT_USER["CLIENTELE_ADMIN_PASSWORD"])
        created = server.request("POST", "/api/v1/organizations", token=root, body={
            "name": name, "slug": slug, "settings": {"default_country": country},
            "admin": {"email": f"boss@{slug}.test", "name": "Boss", "password": "boss-password-1"}})
        assert created.status == 201, created.body
        return cls(server, server.sign_in(f"boss@{slug}.test", "boss-password-1"), created.json["id"])

    def on(self, server):
        """The same organization through another server or a restarted one (tokens live in the database)."""
        return Org(server, self.token, self.id)

    def api(self, method, path, body=None, expect=(200, 201, 202, 204), headers=None, raw=None):
        response = self.server.request(method, path, body, token=self.token, headers=headers, raw=raw)
        assert response.status in expect, (method, path, response.status, response.body[:2000])
        return response.json if response.body else None

    def agent(self):
        return self.api("POST", "/api/v1/users", {"email": "driver@acme.test", "name": "Dan Driver",
                                                  "password": "driver-password-1", "role": "agent"})["id"]

    def customer(self, **fields):
        return self.api("POST", "/api/v1/customers", fields)

    def order(self, customer_id, amount="12.50"):
        return self.api("POST", "/api/v1/orders", {"customer_id": customer_id, "amount": amount})

    def task(self, customer_id, order_id=None):
        body = {"type": "delivery", "customer_id": customer_id, "dropoff": {"line1": "1 Main Street", "city": "Berlin"}}
        if order_id:
            body["order_id"] = order_id
        return self.api("POST", "/api/v1/tasks", body)

    def move(self, task_id, to, agent_id=None):
        body = {"to": to}
        if agent_id:
            body["agent_id"] = agent_id
        return self.api("POST", f"/api/v1/tasks/{task_id}/transitions", body)

    def move_to(self, task_id, target, agent_id):
        """Walks a new task along the life cycle up to `target` (in_transit, completed …)."""
        path = ["awaiting_assignment", "assigned", "accepted", "in_transit", "completed"]
        for status in path[:path.index(target) + 1]:
            self.move(task_id, status, agent_id if status == "assigned" else None)

    def notifications(self, **filters):
        """Every notification matching the filters, all pages."""
        query = "&".join(f"{k}={v}" for k, v in filters.items() if v is not None)
        items, cursor = [], None
        while True:
            path = f"/api/v1/notifications?per_page=100&{query}" + (f"&cursor={cursor}" if cursor else "")
            page = self.api("GET", path)
            items += page["data"]
            cursor = page.get("next_cursor")
            if not cursor:
                return items

    def count(self, **filters):
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        return self.api("GET", f"/api/v1/notifications?per_page=1&{query}")["total"]

    def settle(self, seconds=60):
        """Waits until nothing is queued or sending any more."""
        wait_until(lambda: self.count(status="queued") + self.count(status="sending") == 0, seconds, 0.2,
                   "an outbox with nothing queued or sending")
