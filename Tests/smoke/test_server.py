import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from conftest import GENERATED_PASSWORD, run_cli

ADMIN = {"CLIENTELE_ADMIN_EMAIL": "owner@example.com", "CLIENTELE_ADMIN_PASSWORD": "owner-password-1"}


def test_first_start_creates_the_default_sqlite_file_and_prints_a_generated_password_once(workdir, server_factory):
    env = {"DATABASE_URL": ""}
    server = server_factory(env=env)
    assert (workdir / "data" / "clientele.sqlite").exists()
    match = GENERATED_PASSWORD.search(server.output)
    assert match, server.output
    server.sign_in("admin@localhost.localdomain", match.group(1))
    server.stop()

    again = server_factory(env=env)
    assert "shown this once" not in again.output
    again.sign_in("admin@localhost.localdomain", match.group(1))


def test_configured_admin_commands_and_tokens(workdir, server_factory):
    server = server_factory(env=ADMIN)
    assert "shown this once" not in server.output
    root = server.sign_in(ADMIN["CLIENTELE_ADMIN_EMAIL"], ADMIN["CLIENTELE_ADMIN_PASSWORD"])
    created = server.request("POST", "/api/v1/organizations", token=root, body={
        "name": "Acme", "slug": "acme", "admin": {"email": "boss@acme.test", "name": "Boss", "password": "boss-password-1"}})
    assert created.status == 201, created.body

    made = run_cli(workdir, "create-user", "--email", "dana@acme.test", "--name", "Dana", "--role", "dispatcher",
                   "--org", "acme", "--password", "dana-password-1", env=ADMIN)
    assert made.returncode == 0, made.stderr + made.stdout
    dana = server.sign_in("dana@acme.test", "dana-password-1")
    assert server.request("GET", "/api/v1/me", token=dana).json["role"] == "dispatcher"

    refused = run_cli(workdir, "create-user", "--email", "x@acme.test", "--name", "X", "--role", "owner", "--org", "acme")
    assert refused.returncode != 0

    superuser = run_cli(workdir, "create-user", "--email", "support@example.com", "--name", "Support", "--super-admin")
    assert superuser.returncode == 0, superuser.stderr
    password = superuser.stdout.split("Password:")[1].split()[0]
    assert server.request("GET", "/api/v1/me", token=server.sign_in("support@example.com", password)).json["role"] == "super_admin"

    issued = run_cli(workdir, "create-token", "--email", "dana@acme.test", "--hours", "1")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip().splitlines()[0].strip()
    me = server.request("GET", "/api/v1/me", token=token)
    assert me.status == 200 and me.json["email"] == "dana@acme.test"

    # Structured request lines (one JSON object each, with the request id), with no secrets in them.
    log = server.output
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("msg") == "request"]
    assert any(line["method"] == "POST" and line["route"] == "/api/v1/organizations" and line["status"] == 201 for line in requests), log[-2000:]
    assert all(line["request-id"] and isinstance(line["duration_ms"], (int, float)) for line in requests)
    for secret in ("boss-password-1", "dana-password-1", token, root):
        assert secret not in log


def test_sqlite_page_caches_draw_on_a_block_resident_from_the_start(server_factory):
    # `SQLitePageCache`: the serving process reserves 40 MiB for SQLite's page caches before any database opens, and
    # writes it through, so resident memory holds it from the start instead of growing as the caches churn.
    token = "metrics-token-0123456789"
    server = server_factory(env={**ADMIN, "CLIENTELE_METRICS_TOKEN": token})
    metrics = server.request("GET", "/metrics", token=token)
    assert metrics.status == 200, metrics.body
    lines = [line for line in metrics.body.decode().splitlines() if line.startswith("clientele_sqlite_page_cache_block_bytes ")]
    assert lines, metrics.body.decode()[:2000]
    block = float(lines[0].split()[1])
    assert block >= 39 * 1024 * 1024, lines
    status = (Path("/proc") / str(server.process.pid) / "status").read_text()
    resident_anonymous = int(next(line for line in status.splitlines() if line.startswith("RssAnon:")).split()[1]) * 1024
    assert resident_anonymous > block, status


def test_a_streamed_body_over_the_limit_is_413(server_factory):
    server = server_factory(env=ADMIN)
    root = server.sign_in(ADMIN["CLIENTELE_ADMIN_EMAIL"], ADMIN["CLIENTELE_ADMIN_PASSWORD"])
    big = b'{"name":"' + b"a" * (2 * 1024 * 1024) + b'"}'
    response = server.request("POST", "/api/v1/organizations", token=root, raw=big)
    assert response.status == 413
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json["status"] == 413


def test_openapi_document_is_valid_openapi_3_1(server_factory):
    server = server_factory(env=ADMIN)
    document = server.request("GET", "/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_migrate_and_revert(workdir):
    env = {"DATABASE_URL": f"sqlite://{workdir}/m.sqlite"}
    assert run_cli(workdir, "migrate", "--yes", env=env).returncode == 0
    reverted = run_cli(workdir, "migrate", "--revert", "--yes", env=env)
    assert reverted.returncode == 0, reverted.stderr + reverted.stdout
    again = run_cli(workdir, "migrate", "--yes", env=env)
    assert again.returncode == 0, again.stderr + again.stdout


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_the_same_server_runs_on_postgres(workdir, server_factory):
    base = os.environ["TEST_DATABASE_URL"]
    name = "smoke_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True)
    try:
        url = base.rsplit("/", 1)[0] + "/" + name
        server = server_factory(env={**ADMIN, "DATABASE_URL": url})
        root = server.sign_in(ADMIN["CLIENTELE_ADMIN_EMAIL"], ADMIN["CLIENTELE_ADMIN_PASSWORD"])
        created = server.request("POST", "/api/v1/organizations", token=root, body={
            "name": "PG", "slug": "pg", "admin": {"email": "pg@pg.test", "name": "P", "password": "pg-password-01"}})
        assert created.status == 201, created.body
        server.stop()
    finally:
        subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=False)


def test_demo_data_fills_an_organization_with_searchable_customers(workdir, server_factory):
    server = server_factory(env=ADMIN)
    root = server.sign_in(ADMIN["CLIENTELE_ADMIN_EMAIL"], ADMIN["CLIENTELE_ADMIN_PASSWORD"])
    server.request("POST", "/api/v1/organizations", token=root, body={
        "name": "Demo", "slug": "demo", "admin": {"email": "d@demo.test", "name": "D", "password": "demo-password-1"}})
    filled = run_cli(workdir, "demo-data", "--org", "demo", "--customers", "1200", env=ADMIN)
    assert filled.returncode == 0, filled.stderr + filled.stdout
    assert "100% 1200/1200" in filled.stdout, "progress is shown"
    admin = server.sign_in("d@demo.test", "demo-password-1")
    listed = server.request("GET", "/api/v1/customers?per_page=5", token=admin).json
    assert listed["total"] == 1200
    first = listed["data"][0]
    found = server.request("GET", "/api/v1/customers?q=" + first["phone"][1:], token=admin).json
    assert first["id"] in [c["id"] for c in found["data"]]
    assert run_cli(workdir, "demo-data", "--org", "nope", "--customers", "5", env=ADMIN).returncode != 0


def test_demo_orders_come_with_matching_totals_and_statistics(workdir, server_factory):
    server = server_factory(env=ADMIN)
    root = server.sign_in(ADMIN["CLIENTELE_ADMIN_EMAIL"], ADMIN["CLIENTELE_ADMIN_PASSWORD"])
    server.request("POST", "/api/v1/organizations", token=root, body={
        "name": "Shop", "slug": "shop", "admin": {"email": "s@shop.test", "name": "S", "password": "shop-password-1"}})
    filled = run_cli(workdir, "demo-data", "--org", "shop", "--customers", "300", "--orders-per-customer", "3", env=ADMIN)
    assert filled.returncode == 0, filled.stderr + filled.stdout
    admin = server.sign_in("s@shop.test", "shop-password-1")
    customers = server.request("GET", "/api/v1/customers?sort=-total_spent&per_page=5", token=admin).json["data"]
    orders_total = 0
    for customer in customers:
        history = server.request("GET", f"/api/v1/customers/{customer['id']}/orders?per_page=100", token=admin).json
        assert history["total"] == customer["total_orders"]
        spent = sum(round(float(o["amount"]) * 100) for o in history["data"])
        assert f"{spent // 100}.{spent % 100:02d}" == customer["total_spent"]
        orders_total += history["total"]
    assert orders_total > 0
    stats = server.request("GET", "/api/v1/customers/stats", token=admin).json
    assert stats["total_customers"] == 300
    assert 0 < stats["repeat_customer_rate"] <= 1
    placed = server.request("POST", "/api/v1/orders", token=admin, body={"customer_id": customers[0]["id"], "amount": "1.00"})
    assert placed.status == 201, placed.body
