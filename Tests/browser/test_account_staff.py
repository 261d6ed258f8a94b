"""Customer accounts on the staff dashboard in real Chromium, through the real binary and a real SMTP server: a person
signs up (the verification link read from the email), joins the organization and asks from their account that it
erase their record; the admin, on a phone-sized screen, follows the navigation's count to the erasure requests page,
which fits the screen (screenshot), and erases the record after typing the person's name."""
import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD, ROOT_EMAIL, ROOT_PASSWORD, artifact, mailing_server, sign_in, sinks, smoke


PERSON = "pat.doe@example.com"
VERIFY = re.compile(r"/account/verify\?token=([A-Za-z0-9_-]+)")


@pytest.fixture(scope="module")
def shop():
    """A server of its own whose outbox sends to an SMTP server."""
    with mailing_server("accounts", "Corner Shop <shop@corner.test>") as server:
        yield server


def call(server, method, path, body=None, token=None, expect_status=(200, 201, 202, 204)):
    response = server.request(method, path, body, token=token)
    assert response.status in expect_status, (method, path, response.status, response.body[:500])
    return response.json if response.body else None


def verification_secret(server):
    def found():
        for record in server.smtp.records():
            if PERSON in record["rcpt_tos"]:
                message = email.message_from_bytes(record["raw"].encode("utf-8", "surrogateescape"), policy=email.policy.default)
                match = VERIFY.search(message.get_body(preferencelist=("plain",)).get_content())
                if match:
                    return match.group(1)
        return None
    return sinks.wait_until(found, 30, 0.2, "the verification email at the SMTP server")


def test_an_admin_erases_a_record_from_the_erasure_requests_page_on_a_phone(shop, chromium):
    root = shop.sign_in(ROOT_EMAIL, ROOT_PASSWORD)
    call(shop, "POST", "/api/v1/organizations", {
        "name": "Corner Shop", "slug": "corner",
        "admin": {"email": "admin@corner.test", "name": "Alice Admin", "password": PASSWORD}}, token=root)

    # The person: sign-up, the emailed verification link, sign-in, joining the shop, the erasure request.
    call(shop, "POST", "/api/v1/accounts", {"email": PERSON, "password": PASSWORD, "name": "Pat Doe"})
    call(shop, "POST", "/api/v1/accounts/verify", {"token": verification_secret(shop)})
    token = call(shop, "POST", "/api/v1/accounts/token", {"email": PERSON, "password": PASSWORD})["token"]
    call(shop, "POST", "/api/v1/account/links", {"organization": "corner"}, token=token)
    call(shop, "POST", "/api/v1/account/erasure-request", token=token)

    context = chromium.new_context(base_url=shop.url, viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, "admin@corner.test")
        link = page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(r"^Erasure requests 1 open"))
        link.click()
        expect(page.get_by_role("heading", level=1, name="Erasure requests")).to_be_visible()
        expect(page.get_by_role("heading", name="Open (1)")).to_be_visible()
        request = page.locator(".request-list > li").first
        expect(request.get_by_role("link", name="Pat Doe")).to_be_visible()
        expect(request.get_by_label("Why the record is kept")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the erasure requests page scrolls sideways at 375 px ({width})"
        page.screenshot(path=artifact("erasure-requests-phone.png"), full_page=True)

        request.get_by_role("link", name="Erase the record").click()
        expect(page.get_by_role("heading", name="Erase the record of “Pat Doe”?")).to_be_visible()
        page.get_by_label("Type “Pat Doe” to confirm").fill("Pat")
        page.get_by_role("button", name="Erase the record").click()
        expect(page.locator("#f-confirm-error")).to_contain_text("typed out")
        page.get_by_label("Type “Pat Doe” to confirm").fill("Pat Doe")
        page.get_by_role("button", name="Erase the record").click()
        expect(page.get_by_role("status")).to_contain_text("The customer's record was erased")
        expect(page.get_by_role("heading", name="Open (0)")).to_be_visible()
        expect(page.locator(".request-list > li").first).to_contain_text("Erased by Alice Admin")
        page.screenshot(path=artifact("erasure-requests-handled-phone.png"), full_page=True)
    finally:
        context.close()
