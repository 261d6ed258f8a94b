"""`clientele backup` while the server runs and `clientele restore` into an empty database, on SQLite and (with
TEST_DATABASE_URL) PostgreSQL: the restored copy answers every read exactly like the original."""
import pytest

from conftest import ADMIN, PostgresDatabase, organization, postgres_base_url, run_cli


def fill(server):
    """An organization with customers, addresses, orders, tags, a segment and a likely duplicate pair."""
    token = organization(server)
    ids = []
    for n in range(24):
        body = {"name": f"Anna Person {n}", "email": f"anna.person{n}@gmail.com", "phone": f"+4930{2000000 + n}",
                "tags": ["vip"] if n % 3 == 0 else [], "notes": f"Note {n} — ümlaut"}
        made = server.request("POST", "/api/v1/customers", token=token, body=body)
        assert made.status == 201, made.body
        ids.append(made.json["id"])
        added = server.request("POST", f"/api/v1/customers/{made.json['id']}/addresses", token=token,
                               body={"label": "Home", "line1": f"Hauptstraße {n}", "postal_code": "10115", "city": "Berlin"})
        assert added.status == 201, added.body
        if n % 2 == 0:
            order = server.request("POST", "/api/v1/orders", token=token,
                                   body={"customer_id": made.json["id"], "amount": f"{10 + n}.50", "payment_status": "paid"})
            assert order.status == 201, order.body
    twin = server.request("POST", "/api/v1/customers", token=token, body={"name": "Anna Person 1", "email": "annaperson1@gmail.com"})
    assert twin.status == 201, twin.body
    ids.append(twin.json["id"])
    segment = server.request("POST", "/api/v1/segments", token=token, body={"name": "Spenders", "filters": {"spent_min": "15.00"}})
    assert segment.status == 201, segment.body
    return token, ids


def reads(ids):
    paths = ["/api/v1/customers?per_page=100", "/api/v1/customers?per_page=100&sort=-total_spent", "/api/v1/customers?q=anna",
             "/api/v1/customers?q=anna&sort=name", "/api/v1/customers?q=ann&sort=-name",
             "/api/v1/customers?tag=vip", "/api/v1/orders?per_page=100", "/api/v1/segments", "/api/v1/customers/duplicates",
             "/api/v1/users", "/api/v1/customers/merges", "/api/v1/tasks?per_page=100"]
    for customer in ids:
        paths += [f"/api/v1/customers/{customer}", f"/api/v1/customers/{customer}/addresses",
                  f"/api/v1/customers/{customer}/orders", f"/api/v1/customers/{customer}/timeline"]
    return paths


def check_restored_answers_alike(original, restored, token, ids):
    for path in reads(ids):
        a = original.request("GET", path, token=token)
        b = restored.request("GET", path, token=token)
        assert a.status == 200, (path, a.status, a.body[:300])
        assert (b.status, b.body) == (a.status, a.body), path


def run_backup_and_restore(server_factory, workdir, original_env, restored_env):
    original = server_factory(env={**ADMIN, **original_env})
    token, ids = fill(original)
    backup = workdir / "backup.clientele"
    # While the server runs.
    made = run_cli(workdir, "backup", "--out", str(backup), env={**ADMIN, **original_env})
    assert made.returncode == 0, made.stdout + made.stderr
    assert backup.stat().st_size > 0
    again = run_cli(workdir, "backup", "--out", str(backup), env={**ADMIN, **original_env})
    assert again.returncode != 0 and "exists already" in again.stdout + again.stderr

    restored_run = run_cli(workdir, "restore", str(backup), env={**ADMIN, **restored_env})
    assert restored_run.returncode == 0, restored_run.stdout + restored_run.stderr
    # Never over a database that holds anything.
    twice = run_cli(workdir, "restore", str(backup), env={**ADMIN, **restored_env})
    assert twice.returncode != 0 and "empty database" in twice.stdout + twice.stderr
    restored = server_factory(env={**ADMIN, **restored_env})
    check_restored_answers_alike(original, restored, token, ids)
    # The copy is a database of its own: a write to it leaves the original as it was.
    changed = restored.request("PATCH", f"/api/v1/customers/{ids[0]}", token=token, body={"name": "Changed In Copy"})
    assert changed.status == 200, changed.body
    assert original.request("GET", f"/api/v1/customers/{ids[0]}", token=token).json["name"] == "Anna Person 0"


def test_a_sqlite_backup_made_while_serving_restores_to_a_copy_that_answers_alike(server_factory, workdir):
    run_backup_and_restore(server_factory, workdir, {"DATABASE_URL": f"sqlite://{workdir}/original.sqlite"},
                           {"DATABASE_URL": f"sqlite://{workdir}/restored.sqlite"})


@pytest.mark.skipif(postgres_base_url() is None, reason="TEST_DATABASE_URL is not set")
def test_a_postgres_backup_restores_to_a_copy_that_answers_alike(server_factory, workdir):
    with PostgresDatabase("backup_original") as original_url, PostgresDatabase("backup_restored") as restored_url:
        run_backup_and_restore(server_factory, workdir, {"DATABASE_URL": original_url}, {"DATABASE_URL": restored_url})
