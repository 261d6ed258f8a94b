"""Import and export through the real binary: a job resumed after kill -9, an XLSX that openpyxl opens, the CLI."""
import csv
import io
import signal
import time

import openpyxl

import pytest

from conftest import ADMIN, PostgresDatabase, organization, postgres_base_url, run_cli


def wait_for(predicate, seconds=300):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not reached")


def test_an_import_killed_mid_way_resumes_after_restart_and_applies_each_row_once(server_factory):
    server = server_factory(env=ADMIN)
    token = organization(server)
    rows = 2000
    body = "name,email,phone\n" + "".join(f"Person {n},person{n}@example.com,+4930{1000000 + n}\n" for n in range(rows))
    posted = server.request("POST", "/api/v1/customers/import", raw=body.encode(), token=token,
                            headers={"Content-Type": "text/csv"})
    assert posted.status == 202, posted.body
    job_path = f"/api/v1/imports/{posted.json['id']}"
    def started():
        job = server.request("GET", job_path, token=token)
        assert job.status == 200, (job.status, job.body)
        return job.json["rows_done"] > 0
    wait_for(started)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()
    killed_at = None

    restarted = server_factory(env=ADMIN)
    token = restarted.sign_in("boss@acme.test", "boss-password-1")
    first = restarted.request("GET", job_path, token=token).json
    killed_at = first["rows_done"]
    assert 0 < killed_at, first
    def finished():
        job = restarted.request("GET", job_path, token=token)
        assert job.status == 200, (job.status, job.body, restarted.output[-3000:])
        return job.json if job.json["status"] != "running" else None
    done = wait_for(finished)
    assert done["status"] == "done", done
    assert done["rows_done"] == rows and done["created"] == rows, done
    assert done["updated"] == 0 and done["unchanged"] == 0 and done["rejected"] == 0, done
    exported = restarted.request("GET", "/api/v1/customers/export.csv", token=token)
    table = list(csv.reader(io.StringIO(exported.body.decode())))
    emails = [row[3] for row in table[1:]]
    assert len(emails) == rows and len(set(emails)) == rows
    if killed_at == rows:
        print("note: the job had finished before the kill")


@pytest.mark.skipif(postgres_base_url() is None, reason="TEST_DATABASE_URL is not set")
@pytest.mark.parametrize("stop, stale_seconds", [(signal.SIGKILL, "2"), (signal.SIGTERM, "60")])
def test_an_import_whose_instance_dies_is_finished_by_another_instance(server_factory, stop, stale_seconds):
    """Two instances on one PostgreSQL database: an import started on A, A stopped mid-way; B, still running, finishes
    it, each row applied once. Killed with -9, A leaves the job's cursor standing still and B takes it over once it
    is stale (2 s here); stopped with SIGTERM, A hands the job back and B's next sweep (15 s at most, far less than
    the 60 s staleness) takes it."""
    with PostgresDatabase("takeover") as url:
        env = {**ADMIN, "DATABASE_URL": url, "CLIENTELE_IMPORT_STALE_SECONDS": stale_seconds}
        a = server_factory(env=env)
        b = server_factory(env=env)
        token = organization(a)
        rows = 3000
        body = "name,email,phone\n" + "".join(f"Person {n},person{n}@example.com,+4930{1000000 + n}\n" for n in range(rows))
        posted = a.request("POST", "/api/v1/customers/import", raw=body.encode(), token=token, headers={"Content-Type": "text/csv"})
        assert posted.status == 202, posted.body
        job_path = f"/api/v1/imports/{posted.json['id']}"
        wait_for(lambda: a.request("GET", job_path, token=token).json["rows_done"] > 0)
        a.process.send_signal(stop)
        a.process.wait(timeout=60)
        killed_at = b.request("GET", job_path, token=token).json["rows_done"]

        def finished():
            job = b.request("GET", job_path, token=token)
            assert job.status == 200, (job.status, job.body, b.output[-3000:])
            return job.json if job.json["status"] != "running" else None
        done = wait_for(finished, seconds=40 if stop == signal.SIGTERM else 180)
        assert done["status"] == "done", done
        assert done["rows_done"] == rows and done["created"] == rows and done["rejected"] == 0, done
        listed = b.request("GET", "/api/v1/customers?per_page=1", token=token).json
        assert listed["total"] == rows, listed
        if killed_at < rows:
            assert "Taking over import job" in b.output, b.output[-3000:]


def test_xlsx_export_opens_in_openpyxl_with_the_right_values(workdir, server_factory):
    server = server_factory(env=ADMIN)
    token = organization(server)
    for body in ({"name": "Ann Archer", "email": "ann@example.com", "phone": "+49 30 1234567", "tags": ["vip"]},
                 {"name": "=cmd|' /C calc'!A0", "company": "Zoë & <Co>"}):
        assert server.request("POST", "/api/v1/customers", token=token, body=body).status == 201
    response = server.request("GET", "/api/v1/customers/export.xlsx?sort=name", token=token)
    assert response.status == 200, response.body
    path = workdir / "customers.xlsx"
    path.write_bytes(response.body)
    sheet = openpyxl.load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:5] == ["name", "first_name", "last_name", "email", "phone"]
    by_name = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    ann = by_name["Ann Archer"]
    assert ann["email"] == "ann@example.com" and ann["phone"] == "'+49301234567" and ann["tags"] == "vip"
    assert ann["loyalty_points"] == 0 and ann["total_spent"] == 0
    formula = by_name["'=cmd|' /C calc'!A0"]
    assert formula["company"] == "Zoë & <Co>"
    assert all(not (isinstance(cell.value, str) and cell.data_type == "f") for row in sheet.iter_rows() for cell in row)


def test_cli_export_and_import(workdir, server_factory):
    server = server_factory(env=ADMIN)
    token = organization(server)
    (workdir / "in.csv").write_text("Full Name,E-Mail\nAnn Archer,ann@example.com\nBob,bob@example.com\n")
    imported = run_cli(workdir, "import", "--org", "acme", "in.csv", env=ADMIN)
    assert imported.returncode == 0, imported.stderr + imported.stdout
    assert "2 created" in imported.stdout
    again = run_cli(workdir, "import", "--org", "acme", "in.csv", env=ADMIN)
    assert "0 created" in again.stdout, again.stdout
    for fmt in ("csv", "xlsx"):
        exported = run_cli(workdir, "export", "--org", "acme", "--format", fmt, "--out", f"out.{fmt}", env=ADMIN)
        assert exported.returncode == 0, exported.stderr + exported.stdout
    table = list(csv.reader(open(workdir / "out.csv", encoding="utf-8")))
    assert sorted(row[0] for row in table[1:]) == ["Ann Archer", "Bob"]
    sheet = openpyxl.load_workbook(workdir / "out.xlsx").active
    assert sorted(row[0].value for row in list(sheet.iter_rows())[1:]) == ["Ann Archer", "Bob"]
    listed = server.request("GET", "/api/v1/customers", token=token).json
    assert listed["total"] == 2


def test_an_upload_of_garbage_over_the_import_cap_is_413_while_streaming(server_factory):
    server = server_factory(env={**ADMIN, "CLIENTELE_MAX_IMPORT_BYTES": "1000000"})
    token = organization(server)
    garbage = bytes((n * 7919 + 13) % 256 for n in range(8 * 1024 * 1024))
    response = server.request("POST", "/api/v1/customers/import", raw=garbage, token=token,
                              headers={"Content-Type": "text/csv"})
    assert response.status == 413, response.body
    assert response.headers["Content-Type"].startswith("application/problem+json")
    small = server.request("POST", "/api/v1/customers/import", raw=garbage[:50000], token=token,
                           headers={"Content-Type": "text/csv"})
    assert small.status == 422, small.body
    assert server.request("GET", "/health").status == 200
