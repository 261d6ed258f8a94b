"""Hostile input against the real binary: no request may stop the process or be answered 5xx.

The cases are generated from the server's own OpenAPI document (`GET /api/v1/openapi.json`, read once at
collection time from a throw-away server): every numeric query parameter and JSON body field gets out-of-range
and not-a-number values, every text field and query parameter gets control characters, FTS5 and LIKE syntax,
10,000 characters and invalid UTF-8. After each request `GET /health` must answer 200; when the process died it
is started again on the same database (the case fails as "process died") so that later cases still run.

One server per database and module: SQLite always, PostgreSQL when `TEST_DATABASE_URL` is set (scripts/test.sh).
Each failure names the method, the path, the field and the value.
"""
import http.client
import json
import os
import re
import subprocess
import sqlite3
import shutil
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import BINARY, PostgresDatabase, Server, postgres_base_url

ROOT_EMAIL = "root@hostile.test"
ROOT_PASSWORD = "root-password-1"
ADMIN_EMAIL = "admin@hostile.test"
PASSWORD = "hostile-password-1"
SERVER_ENV = {
    "CLIENTELE_ADMIN_EMAIL": ROOT_EMAIL, "CLIENTELE_ADMIN_PASSWORD": ROOT_PASSWORD,
    # The token endpoint is fed hostile emails and passwords: keep the throttle out of the way.
    "CLIENTELE_LOGIN_MAX_FAILURES_PER_EMAIL": "1000000", "CLIENTELE_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000",
    # Sign-ups, reset requests and public checkouts are fed hostile bodies too.
    "CLIENTELE_ACCOUNT_EMAILS_PER_ADDRESS": "1000000", "CLIENTELE_PUBLIC_CHECKOUTS_PER_HOUR": "1000000",
    "LOG_LEVEL": "warning",
}
TIMEOUT = 15
PLACEHOLDER = "@@hostile-value@@"

# --------------------------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Value:
    """One hostile value: how it is written into a JSON body (raw bytes) and into a query string."""
    label: str
    body: bytes        # the JSON token, bytes as sent
    query: str         # percent-encoded, as sent
    control: bool = False   # a control character: text fields that refuse them name the field in a 422


def text(label, string, control=False):
    encoded = string.encode("utf-8", "surrogatepass")
    return Value(label, json.dumps(string).encode(), urllib.parse.quote(encoded, safe=""), control)


def raw_text(label, raw):
    """Bytes that are not UTF-8, sent as they are inside a JSON string and percent-encoded in a query."""
    return Value(label, b'"' + raw + b'"', urllib.parse.quote(raw, safe=""))


NUMBERS = [("int64-max", "9223372036854775807"), ("int64-min", "-9223372036854775808"),
           ("38-nines", "9" * 38), ("minus-1", "-1"), ("zero", "0"), ("1.5", "1.5"), ("1e308", "1e308")]
NOT_NUMBERS = ["NaN", "nan", "Infinity", "-Infinity", "1e999"]

# Numeric body fields: each number as a JSON number and as a JSON string (amounts are decimal strings), the
# not-a-number spellings as strings, and as bare tokens (invalid JSON: 400) and 1e999 (overflows a Double).
NUMERIC_BODY_VALUES = (
    [Value(f"{label}", number.encode(), "") for label, number in NUMBERS]
    + [Value(f'"{label}"', f'"{number}"'.encode(), "") for label, number in NUMBERS]
    + [Value(f'"{word}"', f'"{word}"'.encode(), "") for word in NOT_NUMBERS]
    + [Value(f"bare-{word}", word.encode(), "") for word in ("NaN", "Infinity", "-Infinity", "1e999")]
)
NUMERIC_QUERY_VALUES = ([Value(label, number.encode(), urllib.parse.quote(number, safe="")) for label, number in NUMBERS]
                        + [Value(word, word.encode(), urllib.parse.quote(word, safe="")) for word in NOT_NUMBERS])

TEXT_VALUES = [
    text("NUL", "a\u0000b", control=True),
    text("U+0001", "a\u0001b", control=True),
    text("ESC", "a\u001bb", control=True),
    text("DEL", "a\u007fb", control=True),
    text("quote", 'a"b'),
    text("NEAR(a b)", "NEAR(a b)"),
    text("a OR b", "a OR b"),
    text("star", "*"),
    text("caret", "^a"),
    text("col:val", "name:val"),
    text("percent", "%"),
    text("underscore", "_"),
    text("backslash", "\\"),
    text("10000-chars", "x" * 10_000),
    text("lone-surrogate-escape", "a\ud800b"),
    raw_text("bytes-FF-FE", b"\xff\xfe"),
    raw_text("bytes-ED-A0-80", b"\xed\xa0\x80"),
]

# --------------------------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    kind: str          # "query", "body" or "dashboard"
    method: str
    path: str          # with {id}-style placeholders, as in the OpenAPI document
    field: str         # a query parameter, or a body field path: pickup.latitude, items[0].quantity, tags[0]
    value: Value
    expect_field: str | None = None   # a 422 whose errors name this field is expected

    @property
    def id(self):
        where = f"?{self.field}=" if self.kind != "body" else f" {self.field}="
        prefix = "dashboard " if self.kind == "dashboard" else ""
        return f"{prefix}{self.method} {self.path}{where}{self.value.label}"


def deref(schema, document):
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        node = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema, seen = node, seen + 1
    return schema


def types_of(schema):
    kind = schema.get("type", [])
    return set(kind if isinstance(kind, list) else [kind])


def is_numeric(schema):
    return bool(types_of(schema) & {"integer", "number"}) or "decimal string" in schema.get("description", "").lower()


def body_fields(schema, document, prefix="", depth=0):
    """(field path, schema) of every leaf of a request schema: objects by property, arrays by their first item,
    free-form objects (custom_fields) by a key of their own."""
    schema = deref(schema, document)
    if depth > 4:
        return
    kinds = types_of(schema)
    if "object" in kinds and "properties" in schema:
        for name, child in sorted(schema["properties"].items()):
            yield from body_fields(child, document, f"{prefix}.{name}" if prefix else name, depth + 1)
    elif "object" in kinds and isinstance(schema.get("additionalProperties"), dict):
        yield from body_fields(schema["additionalProperties"], document, f"{prefix}.hostile", depth + 1)
    elif "array" in kinds:
        yield from body_fields(schema.get("items", {}), document, f"{prefix}[0]", depth + 1)
    elif kinds & {"string", "integer", "number"}:
        yield prefix, schema


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield method.upper(), path, operation


def query_parameters(operation, document):
    for parameter in operation.get("parameters", []):
        parameter = deref(parameter, document)
        if parameter.get("in") == "query":
            yield parameter["name"], parameter.get("schema", {})


def request_schema(operation):
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")


DATE_PARAMETER = re.compile(r"_(from|to)$")
CUSTOMER_TEXT_FIELDS_REFUSING_CONTROLS = {"name", "notes"}
CUSTOMER_BODY_OPERATIONS = {("POST", "/api/v1/customers"), ("POST", "/api/v1/customers/upsert"),
                            ("PATCH", "/api/v1/customers/{id}")}
# Operations whose body would undo the setup (erasure) or that only log out: not fed hostile bodies.
SKIPPED_OPERATIONS = {("POST", "/api/v1/customers/{id}/erase"), ("DELETE", "/api/v1/auth/token")}
DASHBOARD_PAGES = [("/customers", "page"), ("/orders", "page"), ("/tasks", "page"),
                   ("/customers/{id}", "orders_page"), ("/customers/{id}", "tasks_page"),
                   ("/customers/{id}", "timeline_page")]
DASHBOARD_SEARCHES = [("/customers", "q"), ("/orders", "q"), ("/customers", "tag")]


def number_cases(document):
    for method, path, operation in operations(document):
        if (method, path) in SKIPPED_OPERATIONS:
            continue
        for name, schema in query_parameters(operation, document):
            if is_numeric(schema) or DATE_PARAMETER.search(name):
                paging = name in ("page", "per_page") and path.startswith("/api/")
                for value in NUMERIC_QUERY_VALUES:
                    yield Case("query", method, path, name, value, expect_field=name if paging else None)
        schema = request_schema(operation)
        if schema:
            for field, leaf in body_fields(schema, document):
                if is_numeric(leaf):
                    for value in NUMERIC_BODY_VALUES:
                        yield Case("body", method, path, field, value)
    for path, name in DASHBOARD_PAGES:
        for value in NUMERIC_QUERY_VALUES:
            yield Case("dashboard", "GET", path, name, value)


def text_cases(document):
    for method, path, operation in operations(document):
        if (method, path) in SKIPPED_OPERATIONS:
            continue
        for name, schema in query_parameters(operation, document):
            if not is_numeric(schema):
                for value in TEXT_VALUES:
                    refuses = value.control and name == "q" and (method, path) == ("GET", "/api/v1/customers")
                    yield Case("query", method, path, name, value, expect_field=name if refuses else None)
        schema = request_schema(operation)
        if schema:
            for field, leaf in body_fields(schema, document):
                if "string" in types_of(leaf):
                    for value in TEXT_VALUES:
                        refuses = (value.control and field in CUSTOMER_TEXT_FIELDS_REFUSING_CONTROLS
                                   and (method, path) in CUSTOMER_BODY_OPERATIONS)
                        yield Case("body", method, path, field, value, expect_field=field if refuses else None)
    for path, name in DASHBOARD_SEARCHES:
        for value in TEXT_VALUES:
            yield Case("dashboard", "GET", path, name, value)


# The deep page number that overflowed `(page - 1) * per_page`: named explicitly, whatever the document says.
DEEP_PAGE = "9223372036854775807"
DEEP_PAGE_API_PATHS = ["/api/v1/customers", "/api/v1/orders", "/api/v1/tasks", "/api/v1/audit-log",
                       "/api/v1/customers/{id}/addresses", "/api/v1/customers/{id}/orders"]
DEEP_PAGE_DASHBOARD_PATHS = ["/customers", "/orders", "/tasks"]

_document = None


def openapi_document():
    """The OpenAPI document of the binary under test, read once from a throw-away server."""
    global _document
    if _document is None:
        directory = tempfile.mkdtemp(prefix="clientele-hostile-doc-")
        server = Server(directory, env={**SERVER_ENV, "DATABASE_URL": f"sqlite://{directory}/doc.sqlite"})
        try:
            server.start()
            _document = server.request("GET", "/api/v1/openapi.json").json
        finally:
            server.stop()
            shutil.rmtree(directory, ignore_errors=True)
    return _document


def pytest_generate_tests(metafunc):
    if "case" not in metafunc.fixturenames:
        return
    if not BINARY.exists():
        metafunc.parametrize("case", [pytest.param(None, marks=pytest.mark.skip(reason=f"{BINARY} is not built"))])
        return
    generate = {"test_numbers_from_requests": number_cases, "test_text_from_requests": text_cases}[metafunc.function.__name__]
    # One test per parameter or field, sending each of its hostile values: thousands of one-request tests spent more
    # time in pytest than in the server. Every failing value is still named (see `run_all`).
    groups = {}
    for case in generate(openapi_document()):
        groups.setdefault(case.id.rsplit("=", 1)[0] + "=…", []).append(case)
    metafunc.parametrize("case", list(groups.values()), ids=list(groups))


# --------------------------------------------------------------------------------------------- the server


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def json(self):
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


class Died(AssertionError):
    pass


class Target:
    """The server under test, its organization and records, and a way to send raw requests and survive deaths."""

    def __init__(self, db, directory, database_url):
        self.db, self.directory, self.database_url = db, Path(directory), database_url
        self.server = None
        self.broken = None
        self.deaths = []
        self.counter = 0

    # -- process

    def start(self):
        server = Server(self.directory, env={**SERVER_ENV, "DATABASE_URL": self.database_url})
        try:
            server.start()
        except BaseException:
            server.stop()
            raise
        self.server = server

    def stop(self):
        if self.server:
            self.server.stop()

    def restart(self, reason):
        """Record the death (with the end of the log), then serve the same database again."""
        old = self.server
        if old.process.poll() is None:
            old.process.kill()
            old.process.wait(timeout=20)
        tail = "\n".join(old.output.strip().splitlines()[-15:])
        self.deaths.append((reason, old.process.returncode, tail))
        old.log.close()
        self.revive(reason)
        return old.process.returncode, tail

    def revive(self, reason, wait=True):
        """Start again; a binary being relinked is waited for. When it cannot start, the later cases fail at once."""
        deadline = time.time() + (120 if wait else 0)
        while not os.access(BINARY, os.X_OK) and time.time() < deadline:
            time.sleep(1)
        try:
            self.start()
            self.broken = None
        except (OSError, RuntimeError) as error:
            self.broken = (reason, f"the server could not be started again after {reason}: {str(error)[-500:]}")

    # -- HTTP

    def send(self, method, target, body=None, headers=None, token=None, cookie=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=TIMEOUT)
        try:
            all_headers = {"Connection": "close", **(headers or {})}
            if body is not None:
                all_headers.setdefault("Content-Type", "application/json")
            if token:
                all_headers["Authorization"] = f"Bearer {token}"
            if cookie:
                all_headers["Cookie"] = cookie
            connection.request(method, target, body=body, headers=all_headers)
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def api(self, method, path, body=None, token=None, expect=(200, 201, 202)):
        answer = self.send(method, path, json.dumps(body).encode() if body is not None else None,
                           token=token or self.admin)
        assert answer.status in expect, f"setup: {method} {path} -> {answer.status} {answer.body[:500]!r}"
        return answer.json

    def healthy(self):
        try:
            return self.send("GET", "/health").status == 200
        except OSError:
            return False

    def check(self, method, target, body=None, headers=None, token=None, cookie=None, what=""):
        """Send one request; the process must answer it below 500 and still be alive afterwards. /health is asked only
        when something looks wrong (no answer, a 5xx, or the process gone): asking it after each of the thousands of
        cases doubled the run, and a process that dies is seen at once by `poll()`."""
        try:
            answer = self.send(method, target, body, headers, token, cookie)
        except (OSError, http.client.HTTPException) as error:
            answer, failure = None, f"no answer ({type(error).__name__}: {error})"
        else:
            failure = None
        suspicious = answer is None or answer.status >= 500 or self.server.process.poll() is not None
        if suspicious and not self.healthy():
            time.sleep(0.3)
            if self.server.process.poll() is not None or not self.healthy():
                code, tail = self.restart(what)
                again = f"; {self.broken[1]}" if self.broken else "; started again"
                raise Died(f"{what}: process died (exit code {code}); {failure or f'answered {answer.status}'}{again}"
                           f"\n--- end of the server log ---\n{tail}")
        if answer is None:
            raise AssertionError(f"{what}: {failure}, though /health still answers")
        return answer

    # -- the organization the cases work in

    def unique(self):
        self.counter += 1
        return f"{self.counter}x{uuid.uuid4().hex[:6]}"

    def setup_organization(self):
        self.root = self.sign_in(ROOT_EMAIL, ROOT_PASSWORD)
        org = self.api("POST", "/api/v1/organizations", token=self.root, body={
            "name": "Hostile Ltd", "slug": "hostile",
            "admin": {"email": ADMIN_EMAIL, "name": "Ada Admin", "password": PASSWORD}})
        self.org, self.slug = org["id"], org["slug"]
        self.admin = self.sign_in(ADMIN_EMAIL, PASSWORD)
        self.user = self.api("POST", "/api/v1/users", {"email": "victim@hostile.test", "name": "Vic Victim",
                                                       "password": PASSWORD, "role": "agent"})["id"]
        self.customer = self.api("POST", "/api/v1/customers", {
            "name": "Cora Customer", "email": "cora@example.com", "notes": "shared", "tags": ["vip"],
            "custom_fields": {"size": 3}})["id"]
        self.address = self.api("POST", f"/api/v1/customers/{self.customer}/addresses",
                                {"label": "Home", "line1": "1 Main Street", "city": "Springfield"})["id"]
        # Orders are changed with hostile amounts: on a customer of their own, so the shared one keeps sane totals.
        self.buyer = self.api("POST", "/api/v1/customers", {"name": "Bert Buyer", "email": "bert@example.com"})["id"]
        order = self.api("POST", "/api/v1/orders", {"customer_id": self.buyer, "amount": "12.50"})
        self.order, self.order_number = order["id"], order["number"]
        self.task = self.fresh_task()
        self.import_id = self.create_import()
        self.setup_courier()
        self.setup_account()
        self.cookie = self.dashboard_sign_in(ADMIN_EMAIL, PASSWORD)

    def setup_courier(self):
        """The organization is a courier with a team and an active client, whose user's token opens the portal."""
        self.api("PATCH", f"/api/v1/organizations/{self.org}", {"settings": {"courier": True}})
        self.team = self.api("POST", "/api/v1/teams", {"name": "Hostile team"})["id"]
        self.client = self.api("POST", "/api/v1/clients", {"name": "Hostile client", "email": "client@hostile.test"})["id"]
        self.api("POST", f"/api/v1/clients/{self.client}/invite")
        body = self.sql_value("SELECT body FROM notifications WHERE kind = 'account' ORDER BY seq DESC LIMIT 1")
        secret = re.search(r"/client/accept\?token=([A-Za-z0-9_-]+)", body).group(1)
        self.client_token = self.api("POST", "/api/v1/client-invitations/accept", {"token": secret, "password": PASSWORD},
                                     token="-", expect=(201,))["token"]

    def setup_account(self):
        """A verified customer account linked to the organization, whose token opens the /api/v1/account routes."""
        email = "person@hostile.test"
        self.api("POST", "/api/v1/accounts", {"email": email, "password": PASSWORD}, token="-", expect=(201,))
        body = self.sql_value(f"SELECT body FROM account_mails WHERE recipient = '{email}' ORDER BY created_at DESC LIMIT 1")
        secret = re.search(r"/account/verify\?token=([A-Za-z0-9_-]+)", body).group(1)
        self.api("POST", "/api/v1/accounts/verify", {"token": secret}, token="-", expect=(200,))
        self.account_token = self.api("POST", "/api/v1/accounts/token", {"email": email, "password": PASSWORD},
                                      token="-", expect=(201,))["token"]
        self.api("POST", "/api/v1/account/links", {"organization": self.slug}, token=self.account_token, expect=(201,))

    def sql_value(self, query):
        """One value read straight from the database (what only the outbox holds: an invitation's link)."""
        if self.db == "postgres":
            return subprocess.run(["psql", self.database_url, "-Atqc", query], check=True, capture_output=True, text=True).stdout.strip()
        with sqlite3.connect(self.database_url.removeprefix("sqlite://")) as connection:
            return connection.execute(query).fetchone()[0]

    def sign_in(self, email, password):
        return self.api("POST", "/api/v1/auth/token", {"email": email, "password": password}, token="-",
                        expect=(201,))["token"]

    def fresh_task(self):
        return self.api("POST", "/api/v1/tasks", {
            "type": "delivery", "customer_id": self.customer, "order_id": self.order,
            "dropoff": {"address_id": self.address}})["id"]

    def create_import(self):
        answer = self.send("POST", "/api/v1/customers/import", b"name,email\nIvy Import,ivy@example.com\n",
                           headers={"Content-Type": "text/csv"}, token=self.admin)
        return (answer.json or {}).get("id") or str(uuid.uuid4())

    def dashboard_sign_in(self, email, password):
        """The HTML form: its CSRF token is the `clientele_sign_in` cookie set with the form."""
        form = self.send("GET", "/sign-in")
        match = re.search(r"clientele_sign_in=([^;]+)", form.headers.get("Set-Cookie", ""))
        assert match, f"setup: no sign-in cookie in {form.headers}"
        csrf = match.group(1)
        fields = urllib.parse.urlencode({"email": email, "password": password, "_csrf": csrf, "next": "/customers"})
        answer = self.send("POST", "/sign-in", fields.encode(), cookie=f"clientele_sign_in={csrf}",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        cookies = " ".join(answer.headers.get_all("Set-Cookie") or [])
        session = re.search(r"clientele_session=([^;]+)", cookies)
        assert answer.status in (302, 303) and session, f"setup: dashboard sign-in -> {answer.status} {answer.body[:300]!r}"
        cookie = f"clientele_session={session.group(1)}"
        assert self.send("GET", "/customers", cookie=cookie).status == 200, "setup: the dashboard session does not work"
        return cookie

    # -- turning a case into a request

    def path_for(self, case):
        ids = {"customers": self.customer, "orders": self.order, "tasks": self.task, "users": self.user,
               "organizations": self.org, "imports": self.import_id, "clients": self.client, "teams": self.team,
               "links": self.org}
        if case.kind == "body" and case.path == "/api/v1/tasks/{id}/transitions":
            ids["tasks"] = self.fresh_task()  # each move on a task of its own, so that the move itself is valid

        def replace(match):
            name, before = match.group(1), match.string[:match.start()].rstrip("/").rsplit("/", 1)[-1]
            return self.address if name == "address_id" else ids.get(before, str(uuid.uuid4()))
        return re.sub(r"\{(\w+)\}", replace, case.path)

    def token_for(self, case):
        if case.path.startswith("/api/v1/public/") or case.path in ("/health", "/api/v1/openapi.json", "/api/v1/auth/token",
                                                                    "/api/v1/client-invitations/accept", "/api/v1/client-emails/confirm"):
            return None
        if case.path.startswith("/api/v1/client/"):
            return self.client_token
        if case.path.startswith("/api/v1/accounts") or case.path == "/api/v1/public/checkout":
            return None
        if case.path == "/api/v1/account" or case.path.startswith("/api/v1/account/"):
            return self.account_token
        return self.root if (case.method, case.path) == ("POST", "/api/v1/organizations") else self.admin

    def base_query(self, case):
        if case.path == "/api/v1/public/orders":
            return {"numbers": self.order_number, "org": self.slug}
        if case.path == "/api/v1/customers/import":
            return {"dry_run": "true"}
        return {}

    def base_body(self, case):
        """A valid body for the operation, so that the hostile field is the only thing wrong with it."""
        n, field = self.unique(), case.field
        key = (case.method, case.path)
        item = {"name": "Tea", "quantity": 1, "unit_price": "1.00"}
        if key == ("POST", "/api/v1/auth/token"):
            return {"email": "nobody@hostile.test", "password": "not-the-password"}
        if key == ("POST", "/api/v1/organizations"):
            return {"name": f"Org {n}", "slug": f"org-{n}",
                    "admin": {"email": f"boss{n}@org.test", "name": "Boss", "password": PASSWORD}}
        if key == ("POST", "/api/v1/users"):
            return {"email": f"user{n}@hostile.test", "name": "Uma User", "password": PASSWORD, "role": "agent"}
        if key == ("POST", "/api/v1/customers"):
            return {"name": f"Hostile {n}"}
        if key == ("POST", "/api/v1/customers/upsert"):
            return {"name": f"Hostile {n}", "email": f"upsert{n}@example.com"}
        if key == ("POST", "/api/v1/customers/{id}/addresses"):
            return {"line1": "2 Side Street"}
        if case.path.startswith("/api/v1/orders"):
            body = {"customer_id": self.buyer, "amount": "1.00"} if case.method == "POST" else {}
            if field.startswith("customer."):
                body.pop("customer_id", None)
                body["customer"] = {"name": f"Buyer {n}", "email": f"buyer{n}@example.com"}
            elif field.startswith("guest."):
                body.pop("customer_id", None)
                body["guest"] = {"name": "Gus Guest", "email": f"gus{n}@example.com"}
            if field.startswith("items"):
                body["items"] = [dict(item)]
            return body
        if key == ("POST", "/api/v1/tasks"):
            cash = field in ("amount", "currency", "payment_method")
            body = {"type": "cash_collection" if cash else "delivery", "customer_id": self.customer,
                    "dropoff": {"line1": "3 Far Road"}}
            if cash:
                body["amount"] = "5.00"
            if field.startswith("pickup."):
                body["pickup"] = {"line1": "4 Near Road"}
            return body
        if key == ("POST", "/api/v1/tasks/{id}/transitions"):
            return {"to": "awaiting_assignment"}
        if key == ("POST", "/api/v1/client/orders"):
            return {"pickup": {"line1": "5 Bakery Road"}, "dropoff": {"line1": "6 Elm Street"},
                    "recipient": {"name": f"Rita {n}", "email": f"rita{n}@example.com"}}
        if key in (("POST", "/api/v1/teams"), ("PATCH", "/api/v1/teams/{id}")):
            return {"name": f"Team {n}"}
        if key == ("PUT", "/api/v1/teams/{id}/members"):
            return {"user_ids": []}
        if key == ("POST", "/api/v1/clients"):
            return {"name": f"Client {n}", "email": f"client{n}@example.com"}
        if key == ("POST", "/api/v1/client-invitations/accept"):
            return {"token": "not-a-live-link", "password": PASSWORD}
        if key == ("POST", "/api/v1/accounts"):
            return {"email": f"signup{n}@example.com", "password": PASSWORD}
        if key == ("POST", "/api/v1/accounts/token"):
            return {"email": "nobody@hostile.test", "password": "not-the-password"}
        if key == ("POST", "/api/v1/accounts/password-reset"):
            return {"email": f"reset{n}@example.com"}
        if key == ("POST", "/api/v1/accounts/password-reset/confirm"):
            return {"token": "not-a-live-link", "password": PASSWORD}
        if key == ("POST", "/api/v1/account/links"):
            return {"organization": self.slug}
        if key in (("POST", "/api/v1/account/orders"), ("POST", "/api/v1/public/checkout")):
            body = {"organization": self.slug, "amount": "1.00"}
            if case.path == "/api/v1/public/checkout":
                body["contact"] = {"email": f"buyer{n}@example.com"}
            if field.startswith("items"):
                body["items"] = [dict(item)]
            return body
        if key == ("POST", "/api/v1/account/links/{organization_id}/addresses"):
            return {"line1": "7 Own Street"}
        return {}

    def body_for(self, case):
        body = self.base_body(case)
        put(body, case.field, PLACEHOLDER)
        return json.dumps(body).encode().replace(json.dumps(PLACEHOLDER).encode(), case.value.body)

    def query_for(self, case, path):
        pairs = [f"{name}={urllib.parse.quote(value, safe='')}" for name, value in self.base_query(case).items()
                 if name != case.field]
        return f"{path}?{'&'.join(pairs + [f'{case.field}={case.value.query}'])}"


def put(body, field, value):
    """Set `value` at a field path like `pickup.latitude`, `items[0].quantity` or `tags[0]`, making the way."""
    parts = re.findall(r"([^.\[\]]+)|\[(\d+)\]", field)
    node = body
    for index, (name, position) in enumerate(parts):
        last = index == len(parts) - 1
        following_is_index = not last and parts[index + 1][1] != ""
        key = int(position) if position else name
        if last:
            if isinstance(node, list):
                node[:] = [value] if key >= len(node) else node[:key] + [value] + node[key + 1:]
            else:
                node[key] = value
            return
        if isinstance(node, list):
            while len(node) <= key:
                node.append({})
            node = node[key]
        else:
            node = node.setdefault(key, [] if following_is_index else {})


# --------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def target(request):
    if not BINARY.exists():
        pytest.skip(f"{BINARY} is not built")
    directory = tempfile.mkdtemp(prefix="clientele-hostile-")
    try:
        if request.param == "postgres":
            if not postgres_base_url():
                pytest.skip("needs TEST_DATABASE_URL")
            with PostgresDatabase("hostile") as url:
                target = Target("postgres", directory, url)
                yield from serve(target)
        else:
            yield from serve(Target("sqlite", directory, f"sqlite://{directory}/hostile.sqlite"))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def serve(target):
    target.start()
    try:
        target.setup_organization()
        yield target
    finally:
        target.stop()


def run(target, case):
    """Send a case; fail naming method, path, field and value on a 5xx, a death, or a missing 422."""
    what = f"[{target.db}] {case.method} {case.path} {case.field}={case.value.label}"
    if target.broken:
        target.revive(target.broken[0], wait=False)
        if target.broken:
            pytest.fail(f"{what}: not sent: {target.broken[1]}")
    path = target.path_for(case)
    if case.kind == "body":
        answer = target.check(case.method, path, target.body_for(case), token=target.token_for(case), what=what)
    elif case.kind == "dashboard":
        answer = target.check("GET", target.query_for(case, path), cookie=target.cookie, what=what)
    elif case.path == "/api/v1/customers/import":
        answer = target.check("POST", target.query_for(case, path), b"name\nIvy Import\n",
                              headers={"Content-Type": "text/csv"}, token=target.token_for(case), what=what)
    else:
        answer = target.check(case.method, target.query_for(case, path), token=target.token_for(case), what=what)
    assert answer.status < 500, f"{what}: answered {answer.status}: {answer.body[:300]!r}"
    # A case refused at the door (signed out) proves nothing about the handler: the setup is broken.
    if case.path not in ("/api/v1/auth/token", "/api/v1/accounts/token"):
        assert answer.status != 401 and not (case.kind == "dashboard" and answer.status in (302, 303)), (
            f"{what}: answered {answer.status}, not signed in: the case did not reach the handler")
    if case.expect_field:
        expect_problem(answer, case.expect_field, what)
    return answer


def expect_problem(answer, field, what):
    problem = answer.json if answer.headers.get("Content-Type", "").startswith("application/problem+json") else None
    fields = [e.get("field") for e in (problem or {}).get("errors") or [] if isinstance(e, dict)]
    assert answer.status == 422 and field in fields, (
        f"{what}: expected 422 problem+json naming {field!r}, got {answer.status} "
        f"{answer.headers.get('Content-Type')} errors={fields} {answer.body[:300]!r}")


# --------------------------------------------------------------------------------------------- tests


def run_all(target, cases):
    """Every value of one parameter or field; fails once, listing each value that failed."""
    failures = []
    for case in cases:
        try:
            run(target, case)
        except (AssertionError, pytest.fail.Exception) as failure:
            failures.append(str(failure))
    assert not failures, f"{len(failures)} of {len(cases)} values failed:\n" + "\n".join(failures)


def test_numbers_from_requests(target, case):
    run_all(target, case)


def test_text_from_requests(target, case):
    run_all(target, case)


@pytest.mark.parametrize("path", DEEP_PAGE_API_PATHS)
def test_a_page_number_past_int_range_is_422_naming_page(target, path):
    assert path in openapi_document()["paths"], f"{path} is not in the OpenAPI document"
    case = Case("query", "GET", path, "page", Value("int64-max", DEEP_PAGE.encode(), DEEP_PAGE), expect_field="page")
    run(target, case)


@pytest.mark.parametrize("path", DEEP_PAGE_DASHBOARD_PATHS)
def test_a_dashboard_page_number_past_int_range_is_not_a_crash(target, path):
    run(target, Case("dashboard", "GET", path, "page", Value("int64-max", DEEP_PAGE.encode(), DEEP_PAGE)))


def test_the_server_is_alive_at_the_end(target):
    """Runs last in its module: the server serves after everything, and the deaths (each already failed its own
    case) are listed once."""
    for reason, code, _ in target.deaths:
        print(f"[{target.db}] died (exit code {code}) on {reason}")
    assert target.healthy(), f"[{target.db}] /health does not answer 200 at the end"
