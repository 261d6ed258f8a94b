"""Starts the already built `clientele serve` on a temporary SQLite file and drives the dashboard in Debian's
Chromium through Playwright. Builds nothing; the server helper is the smoke tests' own."""
import contextlib
import importlib.util
import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
CHROMIUM = os.environ.get("CLIENTELE_CHROMIUM", "/usr/bin/chromium")

_spec = importlib.util.spec_from_file_location("clientele_smoke_support", HERE.parent / "smoke" / "conftest.py")
smoke = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke)

_sinks_spec = importlib.util.spec_from_file_location("clientele_smoke_sinks", HERE.parent / "smoke" / "sinks.py")
sinks = importlib.util.module_from_spec(_sinks_spec)
_sinks_spec.loader.exec_module(sinks)

ROOT_EMAIL = "root@browser.test"
ROOT_PASSWORD = "root-password-1"
PASSWORD = "correct-horse-1"


class Org:
    """The organization the tests work in, created through the JSON API."""

    def __init__(self, server):
        self.server = server
        root = server.sign_in(ROOT_EMAIL, ROOT_PASSWORD)
        response = server.request("POST", "/api/v1/organizations", {
            "name": "Acme Deliveries", "slug": "acme",
            "admin": {"email": "admin@acme.test", "name": "Alice Admin", "password": PASSWORD}}, token=root)
        assert response.status == 201, response.body
        self.id = response.json["id"]
        self.admin_email = "admin@acme.test"
        self.token = server.sign_in(self.admin_email, PASSWORD)
        self.guest = self.user("guest", "Gary Guest")
        self.agent = self.user("agent", "Andy Agent")

    def user(self, role, name):
        email = f"{role}@acme.test"
        response = self.api("POST", "/api/v1/users", {"email": email, "name": name, "password": PASSWORD, "role": role})
        return {"id": response["id"], "email": email, "name": name}

    def api(self, method, path, body=None, expect=(200, 201, 204)):
        response = self.server.request(method, path, body, token=self.token)
        assert response.status in expect, (path, response.status, response.body)
        return response.json if response.body else None

    def customer(self, **fields):
        return self.api("POST", "/api/v1/customers", fields)

    def find(self, name):
        return [c for c in self.api("GET", "/api/v1/customers?per_page=100&q=" + name.replace(" ", "%20"))["data"]
                if c["name"] == name]


@pytest.fixture(scope="session")
def server():
    with tempfile.TemporaryDirectory(prefix="clientele-browser-") as directory:
        server = smoke.Server(directory, env={
            "CLIENTELE_ADMIN_EMAIL": ROOT_EMAIL, "CLIENTELE_ADMIN_PASSWORD": ROOT_PASSWORD,
            "DATABASE_URL": f"sqlite://{directory}/browser.sqlite"})
        server.start()
        server.url = f"http://127.0.0.1:{server.port}"
        yield server
        server.stop()


@pytest.fixture(scope="session")
def org(server):
    return Org(server)


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium, server):
    context = chromium.new_context(base_url=server.url, viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, email, password=PASSWORD):
    page.goto("/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/customers*")


@pytest.fixture
def admin(page, org):
    sign_in(page, org.admin_email)
    return page


def artifact(name):
    ARTIFACTS.mkdir(exist_ok=True)
    return str(ARTIFACTS / name)


@contextlib.contextmanager
def mailing_server(name, sender):
    """A server of its own on a fresh SQLite file whose outbox sends to a real SMTP server (`server.smtp`), and whose
    links (`CLIENTELE_PUBLIC_URL`) point at itself (`server.url`)."""
    with tempfile.TemporaryDirectory(prefix=f"clientele-{name}-") as directory:
        smtp = sinks.SMTPSink(directory, "smtp").start()
        server = smoke.Server(directory, env={
            "CLIENTELE_ADMIN_EMAIL": ROOT_EMAIL, "CLIENTELE_ADMIN_PASSWORD": ROOT_PASSWORD,
            "DATABASE_URL": f"sqlite://{directory}/{name}.sqlite", "SMTP_URL": smtp.url(),
            "SMTP_FROM": sender, "CLIENTELE_OUTBOX_POLL_SECONDS": "0.1", "CLIENTELE_OUTBOX_BACKOFF_SECONDS": "0.2"})
        server.url = f"http://127.0.0.1:{server.port}"
        server.env["CLIENTELE_PUBLIC_URL"] = server.url
        server.smtp = smtp
        try:
            server.start()
            yield server
        finally:
            server.stop()
            smtp.stop()
