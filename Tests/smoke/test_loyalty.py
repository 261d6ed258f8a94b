"""Loyalty on the real binary: the jobs run by several processes at once, and concurrent spending on a real server,
on SQLite and on PostgreSQL (SPEC "Loyalty, gift cards, rewards")."""
import datetime
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import BINARY, PostgresDatabase, postgres_base_url
from sinks import ROOT_USER, Org

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not postgres_base_url(), reason="needs TEST_DATABASE_URL (scripts/test.sh sets it)"))]


def database_url(kind, workdir, stack):
    if kind == "sqlite":
        return f"sqlite://{workdir}/loyalty.sqlite"
    return stack.enter_context(PostgresDatabase("loyalty"))


def start(server_factory, url, **env):
    return server_factory(env={**ROOT_USER, "DATABASE_URL": url, **{k: str(v) for k, v in env.items()}})


def programme(org, **fields):
    org.api("PATCH", f"/api/v1/organizations/{org.id}", {"settings": {"loyalty": {"enabled": True, **fields}}})


def balance(org, customer_id):
    return org.api("GET", f"/api/v1/customers/{customer_id}/loyalty")["balance"]


@pytest.mark.parametrize("kind", DATABASES)
def test_two_job_processes_and_a_server_give_each_birthday_bonus_once(kind, workdir, server_factory):
    from contextlib import ExitStack
    with ExitStack() as stack:
        url = database_url(kind, workdir, stack)
        # The server runs the jobs on its own timer too, every second.
        server = start(server_factory, url, CLIENTELE_LOYALTY_JOB_SECONDS=1)
        org = Org.create(server)
        programme(org, birthday_bonus=50)
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        people = [org.customer(name=f"Birthday {n}", birthday=f"19{70 + n % 30}-{tomorrow:%m-%d}")["id"] for n in range(120)]
        elsewhere = tomorrow + datetime.timedelta(days=100)
        others = [org.customer(name=f"Other {n}", birthday=f"1980-{elsewhere:%m-%d}")["id"] for n in range(20)]
        as_of = f"{tomorrow.isoformat()}T10:00:00Z"
        env = {**ROOT_USER, "DATABASE_URL": url, "CLIENTELE_BCRYPT_COST": "4"}
        runs = [subprocess.Popen([str(BINARY), "loyalty", "run", "--as-of", as_of], cwd=workdir,
                                 env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for _ in range(3)]
        outputs = [run.communicate(timeout=120)[0] for run in runs]
        assert all(run.returncode == 0 for run in runs), outputs
        # Once more after the others finished: the day is done, nothing is given twice.
        again = subprocess.run([str(BINARY), "loyalty", "run", "--as-of", as_of], cwd=workdir, env={**os.environ, **env},
                               capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stdout + again.stderr
        said = again.stdout + again.stderr
        assert "birthdays: 0 bonuses" in said or "holds the loyalty jobs' lease" in said, said
        assert [balance(org, p) for p in people] == [50] * len(people), outputs
        assert [balance(org, p) for p in others] == [0] * len(others)
        entries = org.api("GET", f"/api/v1/customers/{people[0]}/loyalty/entries")["data"]
        assert [(e["kind"], e["reason"], e["actor"]["type"]) for e in entries] == [("bonus", "birthday", "system")]


@pytest.mark.parametrize("kind", DATABASES)
def test_concurrent_redemptions_and_gift_card_spending_never_overspend(kind, workdir, server_factory):
    from contextlib import ExitStack
    with ExitStack() as stack:
        url = database_url(kind, workdir, stack)
        server = start(server_factory, url, CLIENTELE_LOYALTY_JOB_SECONDS=0)
        org = Org.create(server)
        programme(org)
        customer = org.customer(name="Spender")["id"]
        org.api("POST", f"/api/v1/customers/{customer}/loyalty/adjustments", {"points": 100, "reason": "opening"})

        def redeem(_):
            return server.request("POST", f"/api/v1/customers/{customer}/loyalty/redemptions", {"points": 10},
                                  token=org.token).status

        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(redeem, range(20)))
        assert sorted(statuses) == [201] * 10 + [409] * 10, statuses
        assert balance(org, customer) == 0

        card = org.api("POST", "/api/v1/gift-cards", {"initial_balance": "50.00", "customer_id": customer})

        def spend(_):
            return server.request("POST", f"/api/v1/gift-cards/{card['id']}/redemptions", {"amount": "7.00"},
                                  token=org.token).status

        with ThreadPoolExecutor(max_workers=16) as pool:
            spent = list(pool.map(spend, range(16)))
        assert spent.count(201) == 7 and spent.count(409) == 9, spent
        after = org.api("GET", f"/api/v1/gift-cards/{card['id']}")
        assert after["balance"] == "1.00"
        assert after["code"] is None and card["code"] and after["code_last4"] == card["code"][-4:]
        assert len(after["history"]) == 8
