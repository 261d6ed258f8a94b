"""Courier clients in real Chromium, end to end through the real binary and a real SMTP server (aiosmtpd): the admin
makes the organization a courier and invites a client from the dashboard's Clients page; the invitation email arrives
at the SMTP server; its link opens the client portal on a phone-sized screen, where the client chooses a password,
places an order and sets its brand colour (the preview follows as it is typed); the admin sees the order's pickup and
delivery tasks and moves them, the portal's order page picks the new statuses up by itself; and the tracking page
shows the status in the client's colour. Every portal page is checked for sideways scrolling at 375 px."""
import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, PASSWORD, ROOT_EMAIL, ROOT_PASSWORD, artifact, mailing_server, sinks, smoke


BRAND = "#d6336c"
BRAND_RGB = "rgb(214, 51, 108)"
CLIENT_EMAIL = "orders@bakery.test"
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/client/accept\?token=[A-Za-z0-9_-]+)")


@pytest.fixture(scope="module")
def courier():
    """A server of its own whose outbox sends to an SMTP server, and whose links point at itself."""
    with mailing_server("courier", "Swift Couriers <dispatch@swift.test>") as server:
        yield server


def context_page(chromium, server, width, height):
    context = chromium.new_context(base_url=server.url, viewport={"width": width, "height": height}, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def api(server, token, method, path, body=None, expect_status=(200, 201, 202, 204)):
    response = server.request(method, path, body, token=token)
    assert response.status in expect_status, (method, path, response.status, response.body[:500])
    return response.json if response.body else None


def fits_a_phone(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{what} scrolls sideways at 375 px ({width})"


def invitation_link(server):
    """The link of the invitation email, as the receiving mail program reads it."""
    def received():
        for record in server.smtp.records():
            message = email.message_from_bytes(record["raw"].encode("utf-8", "surrogateescape"), policy=email.policy.default)
            if CLIENT_EMAIL in str(message["To"]):
                return message
        return None
    message = sinks.wait_until(received, 30, 0.2, "the invitation email at the SMTP server")
    assert "invites Bakery Bros to its client portal" in str(message["Subject"])
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = LINK.search(text)
    assert match, text
    return match.group(1)


def test_a_client_is_invited_orders_a_delivery_and_its_recipient_tracks_it_in_its_colour(courier, chromium):
    root = courier.sign_in(ROOT_EMAIL, ROOT_PASSWORD)
    created = api(courier, root, "POST", "/api/v1/organizations", {
        "name": "Swift Couriers", "slug": "swift", "settings": {"timezone": "Europe/Berlin"},
        "admin": {"email": "admin@swift.test", "name": "Sam Swift", "password": PASSWORD}})
    admin_token = courier.sign_in("admin@swift.test", PASSWORD)
    api(courier, admin_token, "PATCH", f"/api/v1/organizations/{created['id']}", {"settings": {"courier": True}})
    agent = api(courier, admin_token, "POST", "/api/v1/users",
                {"email": "driver@swift.test", "name": "Dana Driver", "password": PASSWORD, "role": "agent"})

    admin_context, admin = context_page(chromium, courier, 1280, 900)
    phone_context, phone = context_page(chromium, courier, 375, 812)
    try:
        # The admin invites the client from the dashboard.
        admin.goto("/sign-in")
        admin.get_by_label("Email").fill("admin@swift.test")
        admin.get_by_label("Password").fill(PASSWORD)
        admin.get_by_role("button", name="Sign in").click()
        admin.wait_for_url("**/customers*")
        admin.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
        admin.goto("/clients/new")
        admin.get_by_label(re.compile(r"^Name")).fill("Bakery Bros")
        admin.get_by_label(re.compile(r"^Email")).fill(CLIENT_EMAIL)
        admin.get_by_label("Send the invitation now").check()
        admin.get_by_role("button", name="Create client").click()
        expect(admin.get_by_role("status")).to_contain_text("Bakery Bros")
        clients = api(courier, admin_token, "GET", "/api/v1/clients")["data"]
        assert [(c["name"], c["status"]) for c in clients] == [("Bakery Bros", "invited")]

        # The email's link opens the portal on a phone: a password, and the client is signed in.
        link = invitation_link(courier)
        phone.goto(link)
        expect(phone.get_by_role("heading", name="Welcome, Bakery Bros")).to_be_visible()
        fits_a_phone(phone, "the invitation page")
        phone.get_by_label("Your name").fill("Bea Baker")
        phone.get_by_label("Password (required)", exact=True).fill(PASSWORD)
        phone.get_by_label("Password again").fill(PASSWORD)
        phone.get_by_role("button", name="Accept and sign in").click()
        expect(phone.get_by_role("status")).to_contain_text("Welcome, Bea Baker")
        expect(phone.get_by_role("heading", name="Your orders")).to_be_visible()
        fits_a_phone(phone, "the orders list")

        # A new order: a blank address (the browser's own check lets spaces through) is refused by the server at its
        # field, then the order is placed.
        phone.get_by_role("navigation", name="Main").get_by_role("link", name="New order").click()
        pickup = phone.get_by_role("group", name="Pickup", exact=True)
        dropoff = phone.get_by_role("group", name="Drop-off", exact=True)
        recipient = phone.get_by_role("group", name="Recipient", exact=True)
        pickup.get_by_label(re.compile(r"^Street and number")).fill("1 Bakery Road")
        pickup.get_by_label("City").fill("Berlin")
        pickup.get_by_label("Contact name").fill("Front desk")
        dropoff.get_by_label(re.compile(r"^Street and number")).fill("   ")
        dropoff.get_by_label("City").fill("Berlin")
        recipient.get_by_label(re.compile(r"^Name")).fill("Rita Recipient")
        recipient.get_by_label("Phone").fill("+49 30 1234567")
        phone.get_by_label("Drop-off by").fill("2030-01-15T18:00")
        phone.get_by_label("Your reference").fill("RCPT-42")
        fits_a_phone(phone, "the order form")
        phone.get_by_role("button", name="Place order").click()
        street = phone.get_by_role("group", name="Drop-off", exact=True).get_by_label(re.compile(r"^Street and number"))
        expect(street).to_have_attribute("aria-invalid", "true")
        expect(phone.locator("#order-dropoff-line1-error")).to_contain_text("the street and number")
        expect(phone.get_by_role("group", name="Recipient", exact=True).get_by_label(re.compile(r"^Name"))).to_have_value("Rita Recipient")
        street.fill("22 Elm Street")
        phone.get_by_role("button", name="Place order").click()
        expect(phone.get_by_role("status")).to_contain_text("is placed")
        heading = phone.get_by_role("heading", level=1).inner_text()
        number = heading.removeprefix("Order ").strip()
        rows = phone.locator("#order-task-table tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.filter(has_text="Pickup")).to_contain_text("Awaiting Assignment")
        expect(rows.filter(has_text="Delivery")).to_contain_text("Awaiting Assignment")
        expect(rows.filter(has_text="Delivery")).to_contain_text("15 Jan 2030, 18:00")
        fits_a_phone(phone, "the order page")
        phone.screenshot(path=artifact("courier-portal-order-375.png"), full_page=True)

        # The courier sees both tasks, on the dashboard and through the API, and moves them.
        order = [o for o in api(courier, admin_token, "GET", "/api/v1/orders?per_page=100")["data"] if o["number"] == number][0]
        tasks = {t["type"]: t for t in api(courier, admin_token, "GET", f"/api/v1/tasks?order_id={order['id']}")["data"]}
        assert set(tasks) == {"job", "pickup", "delivery"}, tasks.keys()
        assert {t["status"] for t in tasks.values()} == {"awaiting_assignment"}
        admin.goto("/tasks?status=awaiting_assignment")
        expect(admin.locator(f"#task-{tasks['pickup']['id']}")).to_contain_text("Pickup")
        expect(admin.locator(f"#task-{tasks['delivery']['id']}")).to_contain_text("Rita Recipient")
        for status in ["assigned", "accepted", "in_transit", "completed"]:
            body = {"to": status, **({"agent_id": agent["id"]} if status == "assigned" else {})}
            api(courier, admin_token, "POST", f"/api/v1/tasks/{tasks['pickup']['id']}/transitions", body)
        # Assigning the pickup gave the delivery to the same driver.
        assert api(courier, admin_token, "GET", f"/api/v1/tasks/{tasks['delivery']['id']}")["agent"]["id"] == agent["id"]
        for status in ["accepted", "in_transit"]:
            api(courier, admin_token, "POST", f"/api/v1/tasks/{tasks['delivery']['id']}/transitions", {"to": status})

        # The portal's order page picks the new statuses up by itself (it refreshes every 15 s).
        expect(rows.filter(has_text="Delivery")).to_contain_text("In Transit", timeout=25_000)
        expect(rows.filter(has_text="Pickup")).to_contain_text("Completed")
        expect(rows.filter(has_text="Delivery")).to_contain_text("Dana Driver")
        tracking = phone.locator(".tracking-link a").get_attribute("href")
        assert tracking.startswith(courier.url + "/track/"), tracking

        phone.get_by_role("navigation", name="Main").get_by_role("link", name="Tasks").click()
        phone.get_by_label("Status").select_option("in_transit")
        phone.get_by_role("button", name="Filter").click()
        expect(phone).to_have_url(re.compile(r"status=in_transit"))
        expect(phone.locator("#client-task-list tbody tr")).to_have_count(1)
        fits_a_phone(phone, "the tasks page")

        # The brand colour: the preview follows the typing, then it is saved.
        phone.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
        band = phone.locator("#preview-band")
        colour = phone.get_by_label("Brand colour", exact=True)
        colour.fill(BRAND)
        expect(band).to_have_css("background-color", BRAND_RGB)
        expect(phone.get_by_label("Brand colour picker")).to_have_value(BRAND)
        message = phone.get_by_label("Message on the tracking page")
        message.fill("Fresh bread, fast.")
        expect(phone.locator("#preview-message")).to_have_text("Fresh bread, fast.")
        expect(phone.locator("#preview-logo")).to_be_hidden()
        fits_a_phone(phone, "the settings page")
        phone.get_by_role("button", name="Save settings").click()
        expect(phone.get_by_role("status")).to_contain_text("Settings saved.")
        expect(phone.locator("#preview-band")).to_have_css("background-color", BRAND_RGB)
        phone.screenshot(path=artifact("courier-portal-settings-375.png"), full_page=True)

        # The recipient's tracking page: the status, in the client's colour.
        phone.goto(tracking)
        expect(phone.locator(".status")).to_have_text("Status: On its way")
        expect(phone.locator(".brand-band")).to_have_css("background-color", BRAND_RGB)
        expect(phone.locator(".brand-message")).to_have_text("Fresh bread, fast.")
        expect(phone.locator("li:empty")).to_have_count(0)
        expect(phone.locator("li", has_text="On its way —")).to_have_count(1)
        content = phone.content()
        assert "+49" not in content and "Recipient" not in content, "the tracking page shows only the first name"
        fits_a_phone(phone, "the tracking page")
        phone.screenshot(path=artifact("courier-tracking-375.png"), full_page=True)

        # Signed out, the portal asks to sign in again; the password chosen from the email works.
        phone.goto("/client")
        phone.get_by_role("button", name="Sign out").click()
        expect(phone.get_by_role("heading", name="Sign in to the client portal")).to_be_visible()
        phone.get_by_label("Email").fill(CLIENT_EMAIL)
        phone.get_by_label("Password").fill(PASSWORD)
        phone.get_by_role("button", name="Sign in").click()
        expect(phone.get_by_role("link", name=number)).to_be_visible()
    finally:
        admin_context.close()
        phone_context.close()
    assert (ARTIFACTS / "courier-tracking-375.png").exists()
