"""Courier clients on the real binary, on SQLite and on PostgreSQL (SPEC "Courier clients"): invitations arrive by
email through a real SMTP server and their links open the portal; clients send orders at the same moment, each gets
its job with a pickup and a delivery, recipients with the same phone become one customer; a deleted client's token
stops at once; the tracking page wears the client's colour."""
import email
import email.policy
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import PostgresDatabase, postgres_base_url
from sinks import ROOT_USER, SMTPSink, Org, wait_until

DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not postgres_base_url(), reason="needs TEST_DATABASE_URL (scripts/test.sh sets it)"))]
PUBLIC_URL = "https://courier.example.test"


def link_secret(smtp, address, path):
    """The secret of the newest email to `address` carrying `path`."""
    def found():
        for record in reversed(smtp.records()):
            message = email.message_from_bytes(record["raw"].encode("utf-8", "surrogateescape"), policy=email.policy.default)
            if address in record["rcpt_tos"]:
                text = message.get_body(preferencelist=("plain",)).get_content()
                match = re.search(re.escape(PUBLIC_URL + path) + r"([A-Za-z0-9_-]+)", text)
                if match:
                    return match.group(1)
        return None
    return wait_until(found, what=f"an email to {address} with {path}")


@pytest.mark.parametrize("kind", DATABASES)
def test_invited_clients_send_orders_at_once_and_a_deleted_one_stops(kind, workdir, server_factory):
    from contextlib import ExitStack
    with ExitStack() as stack:
        url = f"sqlite://{workdir}/courier.sqlite" if kind == "sqlite" else stack.enter_context(PostgresDatabase("courier"))
        smtp = stack.enter_context(SMTPSink(workdir, "smtp"))
        server = server_factory(env={**ROOT_USER, "DATABASE_URL": url, "SMTP_URL": smtp.url(), "SMTP_FROM": "Courier <c@x.test>",
                                     "CLIENTELE_PUBLIC_URL": PUBLIC_URL, "CLIENTELE_OUTBOX_POLL_SECONDS": "0.1"})
        org = Org.create(server, slug="swift", name="Swift Couriers")
        org.api("PATCH", f"/api/v1/organizations/{org.id}", {"settings": {"courier": True}})
        team = org.api("POST", "/api/v1/teams", {"name": "Downtown"})["id"]

        clients = []
        for n in range(4):
            address = f"client{n}@shops.example"
            settings = {"auto_assign_team_id": team} if n == 0 else {}
            client = org.api("POST", "/api/v1/clients", {"name": f"Shop {n}", "email": address, "settings": settings})
            assert client["status"] == "pending"
            org.api("POST", f"/api/v1/clients/{client['id']}/invite")
            secret = link_secret(smtp, address, "/client/accept?token=")
            accepted = server.request("POST", "/api/v1/client-invitations/accept", {"token": secret, "password": "a-long-password-1"})
            assert accepted.status == 201, accepted.body
            again = server.request("POST", "/api/v1/client-invitations/accept", {"token": secret, "password": "a-long-password-1"})
            assert again.status == 410, again.body
            clients.append((client["id"], accepted.json["token"]))

        def place(args):
            n, (client_id, token) = args
            # Every fifth order goes to the same person: one customer, however many clients send to them at once.
            phone = "+4915112345678" if n % 5 == 0 else f"+49151{20000000 + n:08d}"
            response = server.request("POST", "/api/v1/client/orders", token=token, body={
                "pickup": {"line1": "Bakery Street 1", "city": "Berlin"},
                "dropoff": {"line1": f"Elm Street {n}", "city": "Potsdam"},
                "recipient": {"name": f"Recipient {n}", "phone": phone}})
            return client_id, response.status, response.json

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(place, [(n, clients[n % 4]) for n in range(80)]))
        assert [status for _, status, _ in results] == [201] * 80, [body for _, status, body in results if status != 201][:3]
        for client_id, _, body in results:
            assert [t["type"] for t in body["tasks"]] == ["job", "pickup", "delivery"]
            assert all(t["status"] == "awaiting_assignment" for t in body["tasks"])

        tasks = org.api("GET", "/api/v1/tasks?per_page=1&type=delivery")["total"]
        assert tasks == 80
        assert org.api("GET", f"/api/v1/tasks?per_page=1&team_id={team}")["total"] == 60
        shared = org.api("GET", "/api/v1/customers?q=%2B4915112345678")
        assert shared["total"] == 1, shared
        assert org.api("GET", f"/api/v1/customers/{shared['data'][0]['id']}")["total_orders"] == 16
        # Each client sees its own twenty.
        for client_id, token in clients:
            mine = server.request("GET", "/api/v1/client/orders?per_page=100", token=token).json
            assert mine["total"] == 20

        # The tracking page of one delivery, in the client's colour; the recipient's phone never shows.
        client_id, token = clients[1]
        server.request("PATCH", "/api/v1/client/settings", {"brand_color": "#d6336c"}, token=token)
        order = next(body for cid, _, body in results if cid == client_id)
        page = server.request("GET", order["tracking_url"].removeprefix(PUBLIC_URL))
        html = page.body.decode()
        assert page.status == 200 and "background:#d6336c" in html and "Shop 1" in html
        assert "+49151" not in html and "Set-Cookie" not in page.headers

        # Deleted: the token stops on its very next request; the orders stay with the courier.
        org.api("DELETE", f"/api/v1/clients/{client_id}")
        assert server.request("GET", "/api/v1/client/orders", token=token).status == 401
        assert org.api("GET", f"/api/v1/orders/{order['id']}")["client_id"] == client_id
