"""Runs the real `clientele` binary as a user would: serve, migrate, create-user, create-token."""
import json
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("CLIENTELE_BIN", ROOT / ".build" / "debug" / "clientele"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def json(self):
        return json.loads(self.body or b"null")

    def __repr__(self):
        return f"<{self.status} {self.headers.get('X-Request-Id')} {self.body[:300]!r}>"


class Server:
    """One `clientele serve` process on a free port."""

    def __init__(self, workdir, env=None, args=()):
        self.workdir = Path(workdir)
        self.port = free_port()
        self.env = {**os.environ, "CLIENTELE_BCRYPT_COST": "4", **(env or {})}
        self.log_path = self.workdir / f"server-{self.port}.log"
        self.args = args
        self.process = None

    def start(self):
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--hostname", "127.0.0.1", "--port", str(self.port), *self.args],
            cwd=self.workdir, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.output}")
            try:
                if self.request("GET", "/health").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not become healthy:\n{self.output}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.process:
            self.log.close()

    @property
    def output(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def request(self, method, path, body=None, token=None, headers=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def sign_in(self, email, password):
        response = self.request("POST", "/api/v1/auth/token", {"email": email, "password": password})
        assert response.status == 201, response.body
        return response.json["token"]


def run_cli(workdir, *args, env=None):
    return subprocess.run([str(BINARY), *args], cwd=workdir, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CLIENTELE_BCRYPT_COST": "4", **(env or {})})


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="clientele-smoke-") as directory:
        yield Path(directory)


@pytest.fixture
def server_factory(workdir):
    servers = []

    def make(env=None, args=()):
        server = Server(workdir, env=env, args=args)
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()


ADMIN = {"CLIENTELE_ADMIN_EMAIL": "owner@example.com", "CLIENTELE_ADMIN_PASSWORD": "owner-password-1"}


def organization(server):
    """Organization `acme` (default country DE) made by the super admin of `ADMIN`; answers its admin's token."""
    root = server.sign_in(ADMIN["CLIENTELE_ADMIN_EMAIL"], ADMIN["CLIENTELE_ADMIN_PASSWORD"])
    created = server.request("POST", "/api/v1/organizations", token=root, body={
        "name": "Acme", "slug": "acme", "settings": {"default_country": "DE"},
        "admin": {"email": "boss@acme.test", "name": "Boss", "password": "boss-password-1"}})
    assert created.status == 201, created.body
    return server.sign_in("boss@acme.test", "boss-password-1")


GENERATED_PASSWORD = re.compile(r"Its password, shown this once: (\S+)")


def postgres_base_url():
    """The PostgreSQL the smoke tests may use (`TEST_DATABASE_URL`, exported by scripts/test.sh), or None."""
    return os.environ.get("TEST_DATABASE_URL") or None


class PostgresDatabase:
    """A database of its own on the `TEST_DATABASE_URL` server, dropped afterwards: `with PostgresDatabase() as url:`."""

    def __init__(self, prefix="smoke"):
        import uuid
        self.base = postgres_base_url()
        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"

    def __enter__(self):
        subprocess.run(["psql", self.base, "-qc", f"CREATE DATABASE {self.name}"], check=True, capture_output=True)
        return self.base.rsplit("/", 1)[0] + "/" + self.name

    def __exit__(self, *exc):
        subprocess.run(["psql", self.base, "-qc", f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"],
                       check=False, capture_output=True)
