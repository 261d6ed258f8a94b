"""The customer account portal (`/account`) in real Chromium on a phone-sized screen (390 px), through the real binary
and a real SMTP server (aiosmtpd): a person signs up in the browser, opens the verification email's link and confirms
with its button, signs in, joins an organization by its short name, sees the order the organization's staff placed
for them with its delivery's tracking link (which opens the tracking page), changes their phone (the organization's
record follows) and downloads their data. Every page is checked for sideways scrolling; a full-page screenshot of the
orders page is kept in Tests/browser/artifacts."""
import email
import email.policy
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, ROOT_EMAIL, ROOT_PASSWORD, artifact, mailing_server, sinks, smoke


WIDTH = 390
PERSON = "robin.reader@example.com"
PHONE = "+44 20 7946 0958"
STAFF_NOTES = "staff-only note: prefers the back door"


@pytest.fixture(scope="module")
def shop():
    """A server of its own whose outbox sends to an SMTP server, and whose links point at itself."""
    with mailing_server("account-portal", "Corner Café <hello@corner.test>") as server:
        yield server


def call(server, token, method, path, body=None, expect_status=(200, 201, 202, 204)):
    response = server.request(method, path, body, token=token)
    assert response.status in expect_status, (method, path, response.status, response.body[:500])
    return response.json if response.body else None


def fits_a_phone(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{what} scrolls sideways at {WIDTH} px ({width})"


def verification_link(server):
    """The link of the verification email, as the receiving mail program reads it."""
    link = re.compile(re.escape(server.url) + r"/account/verify\?token=[A-Za-z0-9_-]+")

    def received():
        for record in server.smtp.records():
            if PERSON not in record["rcpt_tos"]:
                continue
            message = email.message_from_bytes(record["raw"].encode("utf-8", "surrogateescape"), policy=email.policy.default)
            match = link.search(message.get_body(preferencelist=("plain",)).get_content())
            if match:
                assert "Confirm your email address" in str(message["Subject"])
                return match.group(0)
        return None
    return sinks.wait_until(received, 30, 0.2, "the verification email at the SMTP server")


def test_a_person_signs_up_verifies_joins_tracks_an_order_changes_the_phone_and_downloads_their_data(shop, chromium):
    root = shop.sign_in(ROOT_EMAIL, ROOT_PASSWORD)
    call(shop, root, "POST", "/api/v1/organizations", {
        "name": "Corner Café", "slug": "corner-cafe",
        "admin": {"email": "admin@corner.test", "name": "Cora Counter", "password": PASSWORD}})
    admin = shop.sign_in("admin@corner.test", PASSWORD)

    context = chromium.new_context(base_url=shop.url, viewport={"width": WIDTH, "height": 844}, device_scale_factor=2,
                                   accept_downloads=True)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    try:
        # Sign-up, from the sign-in page's link.
        phone.goto("/account")
        expect(phone.get_by_role("heading", name="Sign in to your account")).to_be_visible()
        phone.get_by_role("link", name="Create one").click()
        expect(phone.get_by_role("heading", name="Create your account")).to_be_visible()
        fits_a_phone(phone, "the sign-up page")
        phone.get_by_label(re.compile(r"^Email")).fill(PERSON)
        phone.get_by_label("Password (required)", exact=True).fill(PASSWORD)
        phone.get_by_label(re.compile(r"^Password again")).fill(PASSWORD)
        phone.get_by_label("Your name").fill("Robin Reader")
        phone.get_by_label("Preferred language").select_option("en")
        phone.get_by_role("button", name="Create account").click()
        expect(phone.get_by_role("heading", name="Check your email")).to_be_visible()

        # The email's link opens a page with a button: only the button confirms the address.
        phone.goto(verification_link(shop))
        expect(phone.get_by_role("heading", name="Confirm your email address")).to_be_visible()
        fits_a_phone(phone, "the verification page")
        phone.get_by_role("button", name="Confirm my address").click()
        expect(phone.get_by_role("heading", name="Address confirmed")).to_be_visible()

        # Sign-in, then the person is sent on to their orders.
        phone.get_by_role("link", name="Go to your account").click()
        phone.get_by_label(re.compile(r"^Email")).fill(PERSON)
        phone.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
        phone.get_by_role("button", name="Sign in").click()
        expect(phone.get_by_role("status")).to_contain_text("Signed in as Robin Reader")
        expect(phone.get_by_role("heading", name="Your orders")).to_be_visible()
        cookie = [c for c in context.cookies() if c["name"] == "clientele_account_session"][0]
        assert cookie["httpOnly"] and cookie["path"] == "/account" and cookie["sameSite"] == "Lax", cookie

        # Joining the organization by its short name: the keyboard alone gets there.
        phone.get_by_role("navigation", name="Main").get_by_role("link", name="Organizations").click()
        join = phone.get_by_label(re.compile(r"^Organization"))
        join.fill("corner-cafe")
        join.press("Enter")
        expect(phone.get_by_role("status")).to_contain_text("You joined Corner Café")
        expect(phone.get_by_role("heading", name="Corner Café")).to_be_visible()
        fits_a_phone(phone, "the organizations page")

        # The staff place an order for the record, with a delivery, and write a note of their own on the record.
        record = [c for c in call(shop, admin, "GET", f"/api/v1/customers?q={PERSON}")["data"] if c["email"] == PERSON][0]
        call(shop, admin, "PATCH", f"/api/v1/customers/{record['id']}", {"notes": STAFF_NOTES})
        order = call(shop, admin, "POST", "/api/v1/orders", {
            "customer_id": record["id"], "amount": "7.50", "currency": "EUR",
            "items": [{"name": "Flat white", "quantity": 2, "unit_price": "3.75"}]})
        call(shop, admin, "POST", "/api/v1/tasks", {
            "type": "delivery", "customer_id": record["id"], "order_id": order["id"], "dropoff": {"line1": "3 Reading Road"}})

        # The orders page: the order with its organization, amount and the delivery's tracking link.
        phone.get_by_role("navigation", name="Main").get_by_role("link", name="Orders").click()
        row = phone.locator(f"#order-{order['id']}")
        expect(row).to_contain_text(order["number"])
        expect(row).to_contain_text("Corner Café")
        expect(row).to_contain_text("7.50 EUR")
        expect(row).to_contain_text("2 × Flat white")
        expect(row).to_contain_text("Delivery")
        expect(row.get_by_role("button", name=f"Reorder order {order['number']}")).to_be_visible()
        track = row.get_by_role("link", name=f"Track the delivery of order {order['number']}")
        tracking = track.get_attribute("href")
        assert tracking.startswith(shop.url + "/track/"), tracking
        assert STAFF_NOTES not in phone.content() and "Cora Counter" not in phone.content()
        fits_a_phone(phone, "the orders page")
        phone.screenshot(path=artifact(f"account-portal-orders-{WIDTH}.png"), full_page=True)
        track.click()
        expect(phone).to_have_url(tracking)
        expect(phone.locator(".status")).to_contain_text("Status")
        phone.go_back()

        # The phone, with its country code: the organization's record follows.
        phone.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
        phone.get_by_label("Phone").fill(PHONE)
        fits_a_phone(phone, "the profile page")
        phone.get_by_role("button", name="Save profile").click()
        expect(phone.get_by_role("status")).to_contain_text("Profile saved.")
        expect(phone.get_by_label("Phone")).to_have_value("+442079460958")
        assert call(shop, admin, "GET", f"/api/v1/customers/{record['id']}")["phone"] == "+442079460958"
        phone.screenshot(path=artifact(f"account-portal-profile-{WIDTH}.png"), full_page=True)

        # Everything about the person, as a file.
        phone.get_by_role("navigation", name="Main").get_by_role("link", name="Privacy").click()
        fits_a_phone(phone, "the privacy page")
        with phone.expect_download() as download:
            phone.get_by_role("button", name="Download my data").click()
        assert download.value.suggested_filename == "my-data.json"
        data = json.loads(Path(download.value.path()).read_text())
        assert data["account"]["email"] == PERSON and data["account"]["phone"] == "+442079460958"
        assert [link["organization"]["slug"] for link in data["links"]] == ["corner-cafe"]
        assert data["links"][0]["data"]["customer"]["id"] == record["id"]

        # Signed out, the portal asks to sign in again.
        phone.get_by_role("button", name="Sign out").click()
        expect(phone.get_by_role("heading", name="Sign in to your account")).to_be_visible()
        phone.goto("/account/profile")
        expect(phone.get_by_role("heading", name="Sign in to your account")).to_be_visible()
    finally:
        context.close()
    assert (Path(artifact(f"account-portal-orders-{WIDTH}.png"))).exists()
