"""Schemathesis against the real binary, over the whole OpenAPI document: positive and negative cases (`--mode all`),
values far outside any bound the document states, as an admin and as an agent, on SQLite and (when
`TEST_DATABASE_URL` is set) on PostgreSQL. No answer may be a 5xx; every status, content type and response body must
be the one the document states; and the server must still be healthy afterwards."""
import os
from concurrent.futures import ThreadPoolExecutor
import shutil
import subprocess
import sys

import pytest

from conftest import PostgresDatabase, Server, postgres_base_url

ADMIN = {"CLIENTELE_ADMIN_EMAIL": "owner@example.com", "CLIENTELE_ADMIN_PASSWORD": "owner-password-1"}
# A fixed seed: a failure here is reproducible with the same command.
SEED = "20261203"


def schemathesis_command():
    found = shutil.which("schemathesis") or shutil.which("st")
    return [found] if found else [sys.executable, "-m", "schemathesis.cli"]


def prepare(server, workdir):
    """An organization with one of everything, and a `schemathesis.toml` that sends real ids, so that the run gets
    past the 404s into each operation's answers. Deleting and erasing take a customer of their own."""
    root = server.sign_in(ADMIN["CLIENTELE_ADMIN_EMAIL"], ADMIN["CLIENTELE_ADMIN_PASSWORD"])
    created = server.request("POST", "/api/v1/organizations", token=root, body={
        "name": "Acme", "slug": "acme", "admin": {"email": "boss@acme.test", "name": "Boss", "password": "boss-password-1"}})
    assert created.status == 201, created.body
    admin = server.sign_in("boss@acme.test", "boss-password-1")

    def made(path, body):
        response = server.request("POST", path, token=admin, body=body)
        assert response.status == 201, (path, response.body)
        return response.json["id"]

    agent = made("/api/v1/users", {"email": "driver@acme.test", "name": "Driver", "password": "driver-password-1", "role": "agent"})
    user = made("/api/v1/users", {"email": "clerk@acme.test", "name": "Clerk", "password": "clerk-password-1", "role": "dispatcher"})
    customer = made("/api/v1/customers", {"name": "Ann", "phone": "+14155550101", "email": "ann@example.com"})
    victim = made("/api/v1/customers", {"name": "Vic"})
    address = made(f"/api/v1/customers/{customer}/addresses", {"line1": "1 Main St", "city": "Springfield", "country": "US"})
    order = made("/api/v1/orders", {"customer_id": customer, "amount": "12.50"})
    task = made("/api/v1/tasks", {"type": "delivery", "customer_id": customer, "order_id": order,
                                  "dropoff": {"line1": "1 Main St"}, "agent_id": agent})
    (workdir / "schemathesis.toml").write_text(f"""
[[operations]]
include-method = "DELETE"
include-path = "/api/v1/customers/{{id}}"
parameters = {{ "path.id" = "{victim}" }}
[[operations]]
include-path = "/api/v1/customers/{{id}}/erase"
parameters = {{ "path.id" = "{victim}" }}
[[operations]]
include-path-regex = "^/api/v1/customers/\\\\{{id\\\\}}"
parameters = {{ "path.id" = "{customer}", "path.address_id" = "{address}" }}
[[operations]]
include-path-regex = "^/api/v1/orders/"
parameters = {{ "path.id" = "{order}" }}
[[operations]]
include-path-regex = "^/api/v1/tasks/"
parameters = {{ "path.id" = "{task}" }}
[[operations]]
include-path-regex = "^/api/v1/users/"
parameters = {{ "path.id" = "{user}" }}
[[operations]]
include-path-regex = "^/api/v1/organizations/"
parameters = {{ "path.id" = "{created.json['id']}" }}
""")
    return {"admin": admin, "agent": server.sign_in("driver@acme.test", "driver-password-1")}


def run_schemathesis(server, token, workdir):
    command = schemathesis_command() + [
        "run", f"http://127.0.0.1:{server.port}/api/v1/openapi.json",
        "-H", f"Authorization: Bearer {token}",
        "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        "--mode", "all", "--max-examples", "15", "--seed", SEED,
        # Signing out would revoke the token the run uses; sign-in is throttled by design (both tested on their own).
        "--exclude-path-regex", "auth/token",
        "--request-timeout", "30",
    ]
    return subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=900)


def run_on(database, directory):
    """The whole run on one database, in a directory of its own: the failures, as text (none: an empty list)."""
    env = dict(ADMIN)
    context = None
    if database == "postgres":
        context = PostgresDatabase(prefix="schemathesis")
        env["DATABASE_URL"] = context.__enter__()
    else:
        env["DATABASE_URL"] = "sqlite://data/clientele.sqlite"
    server = Server(directory, env=env)
    try:
        server.start()
        tokens = prepare(server, directory)
        for role, token in tokens.items():
            result = run_schemathesis(server, token, directory)
            if server.process.poll() is not None:
                return [f"[{database}] the server stopped during the run as {role}:\n{server.output[-3000:]}"]
            if server.request("GET", "/health").status != 200:
                return [f"[{database}] /health fails after the run as {role}"]
            if result.returncode != 0:
                return [f"[{database}] schemathesis as {role}:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"]
        return []
    finally:
        server.stop()
        if context:
            context.__exit__(None, None, None)


def test_no_generated_request_gets_a_server_error_or_stops_the_server(workdir):
    """SQLite and PostgreSQL side by side (two servers, two directories): each run is one Python process generating
    requests on one core, so the two together take the time of one."""
    databases = ["sqlite"] + (["postgres"] if postgres_base_url() else [])
    directories = []
    for database in databases:
        directory = workdir / database
        directory.mkdir()
        directories.append(directory)
    with ThreadPoolExecutor(max_workers=len(databases)) as pool:
        failures = [failure for found in pool.map(run_on, databases, directories) for failure in found]
    assert not failures, "\n\n".join(failures)
