"""Customer accounts on the real binary, on SQLite and on PostgreSQL (SPEC "The customer account"), with every email
read from a real SMTP server: sign-up answers the same for a known address, the verification link arrives by email,
the person signs in and joins two organizations (one already knew the address), a profile change flows into both
records (one organization's staff override kept), consent is per organization, the account's orders span both, a
reorder, the data export and the erasure request that stops the token and reaches each organization's admins. Every
kind of token is refused where it does not belong, and every error is application/problem+json naming the field."""
import email
import email.policy
import re
from contextlib import ExitStack

import pytest

from conftest import PostgresDatabase, postgres_base_url
from sinks import ROOT_USER, SMTPSink, Org, wait_until

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not postgres_base_url(), reason="needs TEST_DATABASE_URL (scripts/test.sh sets it)"))]
PUBLIC_URL = "https://accounts.example.test"
PASSWORD = "a-long-password-1"


def mails_to(smtp, address):
    """(subject, plain text) of every email to `address`, oldest first."""
    found = []
    for record in smtp.records():
        if address in record["rcpt_tos"]:
            message = email.message_from_bytes(record["raw"].encode("utf-8", "surrogateescape"), policy=email.policy.default)
            found.append((str(message["Subject"]), message.get_body(preferencelist=("plain",)).get_content()))
    return found


def link_secret(smtp, address, path):
    """The secret of the newest email to `address` carrying `path`."""
    def found():
        for _, text in reversed(mails_to(smtp, address)):
            match = re.search(re.escape(PUBLIC_URL + path) + r"([A-Za-z0-9_-]+)", text)
            if match:
                return match.group(1)
        return None
    return wait_until(found, what=f"an email to {address} with {path}")


def problem(response, status, field=None):
    """The answer is an RFC 9457 problem with this status (and, when given, an error naming `field`)."""
    assert response.status == status, (response.status, response.body[:500])
    assert response.headers.get("Content-Type", "").startswith("application/problem+json"), response.headers.get("Content-Type")
    body = response.json
    assert body["status"] == status and body.get("title") and body.get("detail"), body
    if field:
        assert field in [error.get("field") for error in body.get("errors") or []], body
    return body


@pytest.mark.parametrize("kind", DATABASES)
def test_one_person_two_organizations_from_sign_up_to_erasure(kind, workdir, server_factory):
    with ExitStack() as stack:
        url = f"sqlite://{workdir}/accounts.sqlite" if kind == "sqlite" else stack.enter_context(PostgresDatabase("accounts"))
        smtp = stack.enter_context(SMTPSink(workdir, "smtp"))
        server = server_factory(env={**ROOT_USER, "DATABASE_URL": url, "SMTP_URL": smtp.url(), "SMTP_FROM": "Shops <s@x.test>",
                                     "CLIENTELE_PUBLIC_URL": PUBLIC_URL, "CLIENTELE_OUTBOX_POLL_SECONDS": "0.1"})
        alpha = Org.create(server, slug="alpha", name="Alpha Bakery")
        bravo = Org.create(server, slug="bravo", name="Bravo Books")
        # Alpha knows Ann already (joining links that record); Bravo does not (joining creates one).
        known = alpha.customer(name="A. Lee", email="ann@example.com", notes="Likes rye")
        call = server.request

        # --- sign-up: the same answer for a new and a known address; an error names its field ---------------------
        body = {"email": "Ann@Example.com", "password": PASSWORD, "name": "Ann Lee"}
        first, second = call("POST", "/api/v1/accounts", body), call("POST", "/api/v1/accounts", body)
        assert first.status == second.status == 201, (first.body, second.body)
        assert first.body == second.body
        assert first.json["status"] == "verification_sent" and first.json["email"] == "ann@example.com"
        problem(call("POST", "/api/v1/accounts", {"email": "x@example.com", "password": "short"}), 422, "password")
        problem(call("POST", "/api/v1/accounts", {"email": "not-an-address", "password": PASSWORD}), 422, "email")
        # The second sign-up told the owner by email instead of creating anything.
        wait_until(lambda: any("already have an account" in subject for subject, _ in mails_to(smtp, "ann@example.com")),
                   what="the 'already have an account' email")

        # --- verified from the emailed link, then signed in ---------------------------------------------------------
        unverified = call("POST", "/api/v1/accounts/token", {"email": "ann@example.com", "password": PASSWORD})
        assert unverified.status == 201, unverified.body
        problem(call("POST", "/api/v1/account/links", {"organization": "alpha"}, token=unverified.json["token"]), 403)
        secret = link_secret(smtp, "ann@example.com", "/account/verify?token=")
        verified = call("POST", "/api/v1/accounts/verify", {"token": secret})
        assert verified.status == 200 and verified.json["email_verified"] is True, verified.body
        problem(call("POST", "/api/v1/accounts/verify", {"token": secret}), 410, "token")
        problem(call("POST", "/api/v1/accounts/token", {"email": "ann@example.com", "password": "wrong-password-1"}), 401)
        problem(call("POST", "/api/v1/accounts/token", {"email": "ann@example.com"}), 422, "password")
        signed_in = call("POST", "/api/v1/accounts/token", {"email": "ann@example.com", "password": PASSWORD})
        assert signed_in.status == 201 and signed_in.json["token"].startswith("cla_"), signed_in.body
        token = signed_in.json["token"]

        def me(method, path, body=None, expect=(200, 201, 202)):
            response = call(method, path, body, token=token)
            assert response.status in expect, (method, path, response.status, response.body[:1000])
            return response

        # --- joining two organizations --------------------------------------------------------------------------------
        assert me("POST", "/api/v1/account/links", {"organization": "alpha"}).status == 201
        assert me("POST", "/api/v1/account/links", {"organization": "alpha"}).status == 200
        assert me("POST", "/api/v1/account/links", {"organization": "bravo"}).status == 201
        problem(call("POST", "/api/v1/account/links", {"organization": "no-such-shop"}, token=token), 422, "organization")
        links = me("GET", "/api/v1/account/links").json
        assert sorted(link["organization"]["slug"] for link in links["data"]) == ["alpha", "bravo"]
        a = alpha.api("GET", f"/api/v1/customers/{known['id']}")
        assert a["account"]["linked"] is True and a["name"] == "Ann Lee" and a["notes"] == "Likes rye"
        found = bravo.api("GET", "/api/v1/customers?q=ann%40example.com")
        assert found["total"] == 1, found
        bravo_id = found["data"][0]["id"]

        # --- the profile flows into both records; Alpha's staff override of the name is kept ---------------------
        overridden = alpha.api("PATCH", f"/api/v1/customers/{known['id']}", {"name": "Annie (regular)"})
        assert overridden["overridden_fields"] == ["name"]
        changed = me("PATCH", "/api/v1/account", {"name": "Ann Lee-Smith", "phone": "+49 30 1234567", "first_name": "Ann"}).json
        assert changed["name"] == "Ann Lee-Smith" and changed["phone"] == "+49301234567"
        a = alpha.api("GET", f"/api/v1/customers/{known['id']}")
        b = bravo.api("GET", f"/api/v1/customers/{bravo_id}")
        assert (a["name"], a["phone"], a["first_name"]) == ("Annie (regular)", "+49301234567", "Ann"), a
        assert (b["name"], b["phone"], b["first_name"]) == ("Ann Lee-Smith", "+49301234567", "Ann"), b
        assert a["overridden_fields"] == ["name"] and b["overridden_fields"] == []
        timeline = bravo.api("GET", f"/api/v1/customers/{bravo_id}/timeline")
        assert any(entry["type"] == "updated" for entry in timeline["data"]), timeline
        problem(call("PATCH", "/api/v1/account", {"phone": "030 1234567"}, token=token), 422, "phone")
        problem(call("PATCH", "/api/v1/account", {"email": None}, token=token), 422, "email")

        # --- consent is per organization, with source `customer` ------------------------------------------------------
        consent = me("PATCH", f"/api/v1/account/links/{alpha.id}", {"email_opt_in": True}).json
        assert consent["email_opt_in"] is True
        a = alpha.api("GET", f"/api/v1/customers/{known['id']}")
        b = bravo.api("GET", f"/api/v1/customers/{bravo_id}")
        assert a["marketing"]["email_opt_in"] is True and a["marketing"]["email_opt_in_source"] == "customer", a["marketing"]
        assert b["marketing"]["email_opt_in"] is False, b["marketing"]
        problem(call("PATCH", f"/api/v1/account/links/{alpha.id}", {}, token=token), 422, "email_opt_in")

        # --- orders across both organizations, and a reorder ----------------------------------------------------------
        staff_order = alpha.order(known["id"], amount="10.00")
        checkout = me("POST", "/api/v1/account/orders", {
            "organization": "bravo", "items": [{"name": "Paperback", "quantity": 2, "unit_price": "7.50"}]}).json
        assert checkout["organization"]["slug"] == "bravo" and checkout["amount"] == "15.00"
        assert checkout["payment_status"] == "pending"
        problem(call("POST", "/api/v1/account/orders", {"organization": "bravo"}, token=token), 422, "items")
        orders = me("GET", "/api/v1/account/orders").json
        assert orders["total"] == 2
        assert {order["organization"]["slug"] for order in orders["data"]} == {"alpha", "bravo"}
        assert {order["id"] for order in orders["data"]} == {staff_order["id"], checkout["id"]}
        assert all("customer_id" not in order and "notes" not in order for order in orders["data"])
        again = me("POST", f"/api/v1/account/orders/{checkout['id']}/reorder").json
        assert again["id"] != checkout["id"] and again["amount"] == "15.00" and again["items"][0]["name"] == "Paperback"
        assert me("GET", "/api/v1/account/orders").json["total"] == 3
        assert bravo.api("GET", f"/api/v1/customers/{bravo_id}/orders")["total"] == 2
        # Page by page along next_cursor: each order once, newest first (the times are stored to the sub-microsecond on
        # SQLite, so the cursor must not rely on a time read back).
        walked, cursor = [], None
        for _ in range(6):
            page = me("GET", "/api/v1/account/orders?per_page=1" + (f"&cursor={cursor}" if cursor else "")).json
            walked += [order["id"] for order in page["data"]]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        assert walked == [again["id"], checkout["id"], staff_order["id"]], walked
        problem(call("GET", "/api/v1/account/orders?per_page=0", token=token), 422, "per_page")
        problem(call("GET", "/api/v1/account/orders?cursor=bm90LWEtY3Vyc29y", token=token), 422, "cursor")

        # --- every token where it does not belong: 403; none or a forged one: 401 --------------------------------------
        alpha.api("PATCH", f"/api/v1/organizations/{alpha.id}", {"settings": {"courier": True}})
        client = alpha.api("POST", "/api/v1/clients", {"name": "Corner Shop", "email": "orders@corner.test"})
        alpha.api("POST", f"/api/v1/clients/{client['id']}/invite")
        accepted = call("POST", "/api/v1/client-invitations/accept",
                        {"token": link_secret(smtp, "orders@corner.test", "/client/accept?token="), "password": PASSWORD})
        assert accepted.status == 201, accepted.body
        client_token = accepted.json["token"]
        root = server.sign_in(ROOT_USER["CLIENTELE_ADMIN_EMAIL"], ROOT_USER["CLIENTELE_ADMIN_PASSWORD"])
        for path in ("/api/v1/customers", f"/api/v1/customers/{known['id']}", "/api/v1/orders", "/api/v1/me",
                     "/api/v1/client/orders", "/api/v1/erasure-requests"):
            problem(call("GET", path, token=token), 403)
        for staff_token in (alpha.token, root, client_token):
            for path in ("/api/v1/account", "/api/v1/account/orders", "/api/v1/account/links"):
                problem(call("GET", path, token=staff_token), 403)
            problem(call("PATCH", "/api/v1/account", {"name": "Mallory"}, token=staff_token), 403)
        problem(call("GET", "/api/v1/account"), 401)
        problem(call("GET", "/api/v1/account", token="cla_forged-token"), 401)
        assert me("GET", "/api/v1/account").json["name"] == "Ann Lee-Smith"

        # --- the data export: the account and each organization's record -----------------------------------------------
        export = me("POST", "/api/v1/account/data-export")
        assert "attachment" in export.headers.get("Content-Disposition", "")
        data = export.json
        assert data["account"]["email"] == "ann@example.com"
        exported = {link["organization"]["slug"]: link["data"]["customer"]["id"] for link in data["links"]}
        assert exported == {"alpha": known["id"], "bravo": bravo_id}

        # --- erasure: the account goes at once, its token stops, each organization's admins see the request -----------
        asked = me("POST", "/api/v1/account/erasure-request", expect=(202,)).json
        assert asked["organizations"] == 2
        problem(call("GET", "/api/v1/account", token=token), 401)
        problem(call("POST", "/api/v1/accounts/token", {"email": "ann@example.com", "password": PASSWORD}), 401)
        for org, customer_id in ((alpha, known["id"]), (bravo, bravo_id)):
            requests = org.api("GET", "/api/v1/erasure-requests?status=open")
            assert [(r["customer_id"], r["status"]) for r in requests["data"]] == [(customer_id, "open")], requests
            record = org.api("GET", f"/api/v1/customers/{customer_id}")
            assert record["account"] is None
        problem(call("GET", "/api/v1/erasure-requests?status=late", token=alpha.token), 422, "status")
        wait_until(lambda: any("deleted" in subject for subject, _ in mails_to(smtp, "ann@example.com")),
                   what="the 'account deleted' email")
        request_id = alpha.api("GET", "/api/v1/erasure-requests?status=open")["data"][0]["id"]
        erased = alpha.api("POST", f"/api/v1/erasure-requests/{request_id}/erase", {})
        assert erased["status"] == "erased"
        assert alpha.api("GET", "/api/v1/erasure-requests?status=open")["total"] == 0
        assert bravo.api("GET", "/api/v1/erasure-requests?status=open")["total"] == 1
