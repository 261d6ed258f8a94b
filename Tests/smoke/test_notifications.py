"""Notifications through the real binary and real providers: an SMTP server (aiosmtpd, Tests/support/smtp_server.py)
and an HTTP SMS sink (Tests/support/sms_sink.py), each its own process on a loopback port.

What reaches the providers is read back from their files and checked as a receiver would see it: the raw message
through Python's `email` module (headers, both parts, escaping, Message-ID), the SMS with its Idempotency-Key. Then
the failure cases: STARTTLS with a self-signed certificate and AUTH, a server that drops the connection mid-DATA, an
SMS outage, refused recipients, marketing consent and the one-click unsubscribe, `kill -9` while delivering, and two
server processes sharing one PostgreSQL outbox.
"""
import collections
import email
import email.policy
import email.utils
import os
import re
import signal
import subprocess
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from conftest import PostgresDatabase, Server, postgres_base_url
from sinks import ROOT_USER, SMSSink, SMTPSink, Org, wait_until

PUBLIC_URL = "https://acme.test/portal"
MESSAGE_HOST = "acme.test"
SMTP_FROM = "Acme Deliveries <dispatch@acme.test>"


def outbox_env(smtp_url, sms_url, **extra):
    return {**ROOT_USER, "SMTP_URL": smtp_url, "SMTP_FROM": SMTP_FROM, "SMS_WEBHOOK_URL": sms_url,
            "CLIENTELE_PUBLIC_URL": PUBLIC_URL, "CLIENTELE_OUTBOX_BACKOFF_SECONDS": "0.2",
            "CLIENTELE_OUTBOX_POLL_SECONDS": "0.1", **{k: str(v) for k, v in extra.items()}}


@pytest.fixture
def sinks(workdir):
    """Starts sinks on demand (`sinks.smtp(*args)`, `sinks.sms(*args)`) and stops them all afterwards."""
    started = []

    class Sinks:
        def smtp(self, *args, name="smtp"):
            started.append(SMTPSink(workdir, name, *args).start())
            return started[-1]

        def sms(self, *args, name="sms"):
            started.append(SMSSink(workdir, name, *args).start())
            return started[-1]

    yield Sinks()
    for sink in started:
        sink.stop()


def message_id(notification_id):
    return f"<{notification_id}@{MESSAGE_HOST}>"


def parse(record):
    """A message as the receiving side's mail program reads it."""
    return email.message_from_bytes(record["raw"].encode("utf-8", "surrogateescape"), policy=email.policy.default)


def by_message_id(smtp, notification_id):
    found = [r for r in smtp.records() if r["message_id"] == message_id(notification_id)]
    assert len(found) == 1, (notification_id, [r["message_id"] for r in smtp.records()])
    return found[0]


def parts(message):
    assert message.get_content_type() == "multipart/alternative", message.get_content_type()
    leaves = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert set(leaves) == {"text/plain", "text/html"}, leaves.keys()
    return leaves["text/plain"], leaves["text/html"]


def delivered(org, task_id, count):
    """Waits until the task's `count` email and SMS notifications are no longer queued or sending; returns them."""
    def settled():
        items = [n for n in org.notifications(task_id=task_id) if n["channel"] != "in_app"]
        return items if len(items) == count and all(n["status"] not in ("queued", "sending") for n in items) else None
    return wait_until(settled, 30, 0.1, f"{count} deliveries of task {task_id}")


def timeline(org, customer_id, kind):
    return [e for e in org.api("GET", f"/api/v1/customers/{customer_id}/timeline?per_page=100")["data"] if e["type"] == kind]


def test_a_task_in_transit_sends_email_and_sms_through_the_providers_with_the_organizations_templates(workdir, sinks):
    """The issue's "done when": a task moved to in_transit sends an email and an SMS through the outbox to a real SMTP
    server and HTTP sink, with the organization's (changed) template; a missing phone is a recorded skip."""
    smtp, sms = sinks.smtp(), sinks.sms()
    server = Server(workdir, outbox_env(smtp.url(), sms.url)).start()
    try:
        org = Org.create(server)
        agent = org.agent()
        customer = org.customer(name="Zoë <b>& Co", first_name="Zoë <b>&", email="zoe@example.com", phone="+4930123456")
        order = org.order(customer["id"])
        task = org.task(customer["id"], order["id"])
        org.move_to(task["id"], "in_transit", agent)
        moved_at = datetime.now(timezone.utc)

        # created, accepted, in_transit by email; in_transit by SMS (the default matrix), each sent once.
        sent = delivered(org, task["id"], 4)
        assert all(n["status"] == "sent" and n["attempts"] == 1 and n["sent_at"] for n in sent), sent
        assert sorted((n["event"], n["channel"]) for n in sent) == [
            ("task_accepted", "email"), ("task_created", "email"), ("task_in_transit", "email"), ("task_in_transit", "sms")]
        in_app = [n for n in org.notifications(task_id=task["id"]) if n["channel"] == "in_app"]
        assert len(in_app) == 3 and all(n["status"] == "sent" for n in in_app), in_app
        email_note = next(n for n in sent if n["event"] == "task_in_transit" and n["channel"] == "email")
        sms_note = next(n for n in sent if n["channel"] == "sms")
        assert org.api("GET", f"/api/v1/notifications/{email_note['id']}")["status"] == "sent"

        # The email on the wire.
        assert len(smtp.records()) == 3
        assert {r["message_id"] for r in smtp.records()} == {message_id(n["id"]) for n in sent if n["channel"] == "email"}
        record = by_message_id(smtp, email_note["id"])
        assert record["mail_from"] == "dispatch@acme.test" and record["rcpt_tos"] == ["zoe@example.com"]
        message = parse(record)
        assert not message.defects, message.defects
        assert message["From"] == SMTP_FROM
        assert message["To"] == "zoe@example.com"
        assert message["Subject"] == f"Your order {order['number']} is on its way"
        assert message["Message-ID"] == f"<{email_note['id']}@{MESSAGE_HOST}>"
        date = email.utils.parsedate_to_datetime(message["Date"])
        assert date.tzinfo is not None and abs(date - moved_at) < timedelta(minutes=2), message["Date"]
        text, html = parts(message)
        assert "Hello Zoë &lt;b&gt;&amp;," in html and "<b>&" not in html, html
        assert "Hello Zoë <b>&," in text and "&lt;" not in text and "<p>" not in text, text
        links = re.findall(r'href="([^"]+)"', html)
        assert len(links) == 1 and links[0].startswith(PUBLIC_URL + "/track/"), links
        assert links[0] in text
        assert order["number"] in text and order["number"] in html

        # The SMS at the sink: once, keyed by the notification id.
        assert sms.records() == [{"key": sms_note["id"], "id": sms_note["id"], "to": "+4930123456", "body": sms_note["body"],
                                  "status": 200, "duplicate": False}]
        assert order["number"] in sms_note["body"] and links[0] in sms_note["body"], sms_note["body"]

        # A changed template is used for the next message: the completed email and SMS.
        org.api("PUT", "/api/v1/notification-templates/task_completed/email", {
            "subject": "Delivered: {{order.number}} for {{customer.name}}",
            "body": "<p>Dear {{customer.name}}, order {{order.number}} is at your door.</p><p>{{tracking_url}}</p>"})
        org.api("PUT", "/api/v1/notification-templates/task_completed/sms", {"body": "Delivered {{order.number}} to {{customer.name}}"})
        org.move(task["id"], "completed")
        completed = [n for n in delivered(org, task["id"], 6) if n["event"] == "task_completed"]
        assert {n["status"] for n in completed} == {"sent"}, completed
        done_email = next(n for n in completed if n["channel"] == "email")
        message = parse(by_message_id(smtp, done_email["id"]))
        assert message["Subject"] == f"Delivered: {order['number']} for Zoë <b>& Co"
        text, html = parts(message)
        assert f"Dear Zoë &lt;b&gt;&amp; Co, order {order['number']} is at your door." in html, html
        assert f"Dear Zoë <b>& Co, order {order['number']} is at your door." in text, text
        done_sms = next(n for n in completed if n["channel"] == "sms")
        assert sms.records()[-1]["key"] == done_sms["id"]
        assert sms.records()[-1]["body"] == f"Delivered {order['number']} to Zoë <b>& Co"

        # A customer without a phone: the SMS is a recorded skip, never an error; the email still goes.
        no_phone = org.customer(name="Nora Nophone", email="nora@example.com")
        task2 = org.task(no_phone["id"])
        org.move_to(task2["id"], "in_transit", agent)
        notes = delivered(org, task2["id"], 4)
        skipped = [n for n in notes if n["channel"] == "sms"]
        assert len(skipped) == 1 and skipped[0]["status"] == "skipped" and skipped[0]["skip_reason"] == "no_phone", skipped
        assert skipped[0]["attempts"] == 0 and skipped[0]["to"] is None
        assert all(n["status"] == "sent" for n in notes if n["channel"] == "email"), notes
        entries = timeline(org, no_phone["id"], "notification_skipped")
        assert len(entries) == 1, entries
        assert entries[0]["details"]["channel"] == "sms" and entries[0]["details"]["reason"] == "no_phone"
        assert entries[0]["details"]["notification_id"] == skipped[0]["id"]
        listed = org.api("GET", f"/api/v1/customers/{no_phone['id']}/notifications?per_page=100")["data"]
        assert {n["id"] for n in listed} == {n["id"] for n in org.notifications(customer_id=no_phone["id"])}
        assert len(sms.records()) == 2 and len(smtp.records()) == 7
    finally:
        server.stop()


def make_certificate(workdir):
    cert, key = workdir / "smtp-cert.pem", workdir / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def test_starttls_with_a_self_signed_certificate_and_auth(workdir, sinks):
    """STARTTLS against a server whose certificate is self-signed, trusted through `tls_ca_file`, required by
    `starttls=required`, then AUTH with the URL's user and password: the message arrives encrypted and logged in."""
    cert, key = make_certificate(workdir)
    smtp = sinks.smtp("--tls-cert", cert, "--tls-key", key, "--auth", "mailer:s3cr%t")
    sms = sinks.sms()
    query_ca = {"tls_ca_file": str(cert), "starttls": "required"}
    url = smtp.url(userinfo="mailer:s3cr%25t", query=urllib.parse.urlencode(query_ca))
    server = Server(workdir, outbox_env(url, sms.url)).start()
    try:
        org = Org.create(server)
        customer = org.customer(name="Tess Tls", email="tess@example.com")
        task = org.task(customer["id"])
        [note] = delivered(org, task["id"], 1)
        assert note["status"] == "sent" and note["attempts"] == 1, (note, server.output[-2000:])
        [record] = smtp.records()
        assert record["tls"] is True and record["auth_login"] == "mailer", record
        assert record["message_id"] == message_id(note["id"])
        assert parts(parse(record))[0].startswith("Hello Tess Tls,")
    finally:
        server.stop()

    # The same server without trusting the certificate, and with a wrong password: nothing is sent, the
    # notification fails after its attempts with the reason.
    for userinfo, extra, reason in (("mailer:s3cr%25t", {"starttls": "required"}, "certificate"),
                                    ("mailer:wrong", query_ca, "535")):
        url = smtp.url(userinfo=userinfo, query=urllib.parse.urlencode(extra))
        server = Server(workdir, outbox_env(url, sms.url, CLIENTELE_OUTBOX_MAX_ATTEMPTS=2)).start()
        try:
            org = org.on(server)
            task = org.task(customer["id"])
            [note] = delivered(org, task["id"], 1)
            assert note["status"] == "failed" and reason in note["last_error"].lower(), (note, reason)
            assert len(smtp.records()) == 1
        finally:
            server.stop()


def test_a_dropped_connection_an_sms_outage_and_refused_recipients(workdir, sinks):
    """The SMTP server drops the connection in the middle of the first message's DATA: it is retried and arrives
    exactly once. The SMS provider answers 500 twice: the SMS is sent on the third attempt. A recipient the provider
    refuses (550 to RCPT, 400 from the webhook) fails that notification only, at once; a retry of it queues it again."""
    smtp = sinks.smtp("--drop-during-data", "1", "--reject-rcpt", "refused")
    sms = sinks.sms("--fail-first", "2", "--refuse", "+4930999")
    server = Server(workdir, outbox_env(smtp.url(), sms.url)).start()
    try:
        org = Org.create(server)
        agent = org.agent()
        customer = org.customer(name="Olga Outage", email="olga@example.com", phone="+4930555111")
        task = org.task(customer["id"])
        [created] = delivered(org, task["id"], 1)
        assert created["status"] == "sent" and created["attempts"] == 2, created
        assert [r["message_id"] for r in smtp.records()] == [message_id(created["id"])]
        assert smtp.records()[0]["connection"] >= 2  # the first connection was cut

        org.move_to(task["id"], "in_transit", agent)
        notes = delivered(org, task["id"], 4)
        assert all(n["status"] == "sent" for n in notes), notes
        [sms_note] = [n for n in notes if n["channel"] == "sms"]
        assert sms_note["attempts"] == 3 and sms_note["last_error"] is None, sms_note
        assert [(r["key"], r["status"], r["duplicate"]) for r in sms.records()] == [(sms_note["id"], 500, False),
                                                                                   (sms_note["id"], 500, False),
                                                                                   (sms_note["id"], 200, False)]
        ids = collections.Counter(r["message_id"] for r in smtp.records())
        assert ids == {message_id(n["id"]): 1 for n in notes if n["channel"] == "email"}, ids

        refused = org.customer(name="Rita Refused", email="rita.refused@example.com", phone="+4930999123")
        task2 = org.task(refused["id"])
        org.move_to(task2["id"], "in_transit", agent)
        notes2 = delivered(org, task2["id"], 4)
        assert {n["status"] for n in notes2} == {"failed"}, notes2
        assert all(n["attempts"] == 1 and n["last_error"] for n in notes2), notes2
        failed_sms = next(n for n in notes2 if n["channel"] == "sms")
        assert "400" in failed_sms["last_error"], failed_sms
        assert "550" in next(n for n in notes2 if n["channel"] == "email")["last_error"]
        assert {n["id"] for n in org.notifications(status="failed")} == {n["id"] for n in notes2}
        retried = org.api("POST", f"/api/v1/notifications/{failed_sms['id']}/retry")
        assert retried["status"] == "queued" and retried["attempts"] == 0, retried
        again = wait_until(lambda: (n := org.api("GET", f"/api/v1/notifications/{failed_sms['id']}"))["status"] == "failed" and n,
                           20, 0.1, "the retried SMS refused again")
        assert again["attempts"] == 1
        assert org.api("POST", f"/api/v1/notifications/{sms_note['id']}/retry", expect=(409,)) is not None
        # The other customer's messages were not touched by the refusals.
        assert all(n["status"] == "sent" for n in org.notifications(customer_id=customer["id"]))
    finally:
        server.stop()


def test_marketing_reaches_only_consenting_customers_and_one_click_unsubscribes(workdir, sinks):
    """Marketing email goes only to customers who opted in and have an address, carries RFC 8058's one-click
    unsubscribe headers, and the mail client's POST opts the customer out for the next message."""
    smtp, sms = sinks.smtp(), sinks.sms()
    server = Server(workdir, outbox_env(smtp.url(), sms.url)).start()
    try:
        org = Org.create(server)
        ann = org.customer(name="Ann Optin", email="ann@example.com", marketing={"email_opt_in": True})
        bob = org.customer(name="Bob Optin", email="bob@example.com", marketing={"email_opt_in": True})
        cid = org.customer(name="Cid Nothanks", email="cid@example.com")
        dee = org.customer(name="Dee Noemail", phone="+4930777888", marketing={"email_opt_in": True, "sms_opt_in": True})
        assert ann["marketing"]["email_opt_in"] is True and cid["marketing"]["email_opt_in"] is False
        everyone = [ann["id"], bob["id"], cid["id"], dee["id"]]
        answer = org.api("POST", "/api/v1/messages", {
            "channel": "email", "subject": "Spring at {{organization.name}}",
            "body": '<p>Hi {{customer.first_name}}, 10% off this week.</p><p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>',
            "customer_ids": everyone}, expect=(202,))
        assert answer == {"queued": 2, "skipped_no_consent": 1, "skipped_no_contact": 1}, answer
        wait_until(lambda: len(smtp.records()) >= 2, 20, 0.1, "two marketing emails")
        org.settle()
        records = {r["rcpt_tos"][0]: r for r in smtp.records()}
        assert set(records) == {"ann@example.com", "bob@example.com"}, records.keys()
        tokens = {}
        for address, record in records.items():
            message = parse(record)
            assert message["Subject"] == "Spring at Acme Deliveries"
            header = message["List-Unsubscribe"]
            match = re.fullmatch(re.escape(f"<{PUBLIC_URL}/unsubscribe/") + r"([A-Za-z0-9]+)>", header or "")
            assert match, header
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            tokens[address] = match.group(1)
            text, html = parts(message)
            assert "10% off" in text and "10% off" in html
            assert re.findall(r'href="([^"]+)"', html) == [header[1:-1]] and header[1:-1] in text, (html, text)
        assert tokens["ann@example.com"] != tokens["bob@example.com"]
        skipped = org.notifications(status="skipped", event="marketing")
        assert sorted(n["skip_reason"] for n in skipped) == ["no_consent", "no_email"], skipped

        # The confirmation page changes nothing; the one-click POST (as a mail client sends it) opts out.
        token = tokens["ann@example.com"]
        page = server.request("GET", f"/unsubscribe/{token}")
        assert page.status == 200 and b"<form" in page.body
        assert org.api("GET", f"/api/v1/customers/{ann['id']}")["marketing"]["email_opt_in"] is True
        clicked = server.request("POST", f"/unsubscribe/{token}", raw=b"List-Unsubscribe=One-Click",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert clicked.status == 200, clicked.body
        marketing = org.api("GET", f"/api/v1/customers/{ann['id']}")["marketing"]
        assert marketing["email_opt_in"] is False and marketing["email_opt_in_source"] == "unsubscribe_link", marketing
        entries = timeline(org, ann["id"], "marketing_changed")
        assert any(e["details"].get("source") == "unsubscribe_link" for e in entries), entries
        assert server.request("POST", "/unsubscribe/" + "x" * 26, raw=b"List-Unsubscribe=One-Click",
                              headers={"Content-Type": "application/x-www-form-urlencoded"}).status == 404

        # The next message, to every customer of the organization, skips her.
        answer = org.api("POST", "/api/v1/messages", {"channel": "email", "body": "<p>Last call, {{customer.name}}</p>",
                                                      "filters": {}}, expect=(202,))
        assert answer == {"queued": 1, "skipped_no_consent": 2, "skipped_no_contact": 1}, answer
        wait_until(lambda: len(smtp.records()) >= 3, 20, 0.1, "the second marketing email")
        org.settle()
        assert [r["rcpt_tos"] for r in smtp.records()[2:]] == [["bob@example.com"]]
    finally:
        server.stop()


def test_kill_9_while_delivering_loses_nothing_and_sends_nothing_twice(workdir, sinks):
    """150 tasks, each moved through to completed, make a backlog of 600 emails and 300 SMS (written with the
    workers off). A server delivering it is killed with SIGKILL twice, after about a quarter and about two thirds
    have arrived; the third run (leases of 2 s, so the dead runs' claims come back quickly) finishes.

    Then every email and SMS notification is `sent` (none failed, none left queued or sending), and the sinks hold
    exactly the set of sent ids: the distinct Message-IDs at the SMTP server and the accepted Idempotency-Keys at the
    SMS sink equal the API's sent ids.

    What can arrive twice, and why it is bounded: a notification is recorded `sent` only after its provider accepted
    it. A kill between the provider's acceptance and that record leaves the row `sending` under a dead claim; after
    the lease it is claimed again and handed to the provider a second time. The SMS provider dedups it by its
    Idempotency-Key (the sink logs the repeat with `"duplicate": true` and does not send it); SMTP has no such key, so
    the receiver gets a second copy with the same Message-ID (which mail programs use to drop it). Only the messages
    in that window at the instant of a kill can repeat: per worker, the sends in flight (16) and the outcomes not
    yet recorded (a worker records them in groups of at most 16, or every 50 ms), so per kill the process's
    2 workers × 32. The test asserts that bound and reports the actual counts (`pytest -s` shows them).
    """
    smtp, sms = sinks.smtp("--no-raw"), sinks.sms()
    tasks = 150
    env = outbox_env(smtp.url(), sms.url, CLIENTELE_OUTBOX_LEASE_SECONDS=2, LOG_LEVEL="warning")
    filling = Server(workdir, {**env, "CLIENTELE_OUTBOX_WORKERS": "0"}).start()
    org = Org.create(filling)
    agent = org.agent()
    customers = [org.customer(name=f"Crash Customer {n}", email=f"crash{n}@example.com", phone=f"+49301234{n:03d}")["id"]
                 for n in range(4)]

    def run_one(index):
        task = org.task(customers[index % len(customers)])
        org.move_to(task["id"], "completed", agent)

    started = time.time()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(run_one, range(tasks)))
    fill_seconds = time.time() - started
    expected_emails, expected_sms = tasks * 4, tasks * 2
    assert org.count(status="queued") == expected_emails + expected_sms
    filling.stop()
    assert smtp.count() == 0 and sms.count() == 0

    kills, at_kill = 0, []
    for fraction in (0.25, 0.65):
        server = Server(workdir, env).start()
        total = expected_emails + expected_sms
        wait_until(lambda: smtp.count() + sms.count() >= fraction * total, 60, 0.01, f"{fraction:.0%} delivered")
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        server.stop()
        kills += 1
        at_kill.append((smtp.count(), sms.count()))

    final = Server(workdir, env).start()
    try:
        org = org.on(final)
        org.settle(seconds=60)
        email_notes = org.notifications(channel="email")
        sms_notes = org.notifications(channel="sms")
        assert len(email_notes) == expected_emails and len(sms_notes) == expected_sms
        statuses = collections.Counter(n["status"] for n in email_notes + sms_notes)
        assert statuses == {"sent": expected_emails + expected_sms}, statuses

        smtp_ids = collections.Counter(r["message_id"] for r in smtp.records())
        assert set(smtp_ids) == {message_id(n["id"]) for n in email_notes}
        accepted = [r for r in sms.records() if r["status"] == 200]
        assert {r["key"] for r in accepted} == {n["id"] for n in sms_notes}
        assert all(r["key"] == r["id"] for r in sms.records())
        # Every request after the first accepted one for a key is flagged by the provider as a duplicate (not sent).
        first_seen = set()
        for record in accepted:
            assert record["duplicate"] == (record["key"] in first_seen), record
            first_seen.add(record["key"])
        email_repeats = sum(smtp_ids.values()) - len(smtp_ids)
        sms_repeats = sum(r["duplicate"] for r in accepted)
        bound = kills * 2 * (16 + 16)  # workers × (sends in flight + outcomes not yet recorded), per kill (docstring)
        print(f"\nkill -9 test: backlog {expected_emails} emails + {expected_sms} SMS written in {fill_seconds:.1f} s; "
              f"killed {kills}× at (emails, sms) arrived {at_kill}; repeats after the kills: {email_repeats} emails "
              f"(same Message-ID), {sms_repeats} SMS (deduplicated by the provider's Idempotency-Key)")
        assert email_repeats <= bound and sms_repeats <= bound, (email_repeats, sms_repeats)
        assert org.count(status="failed") == 0
    finally:
        final.stop()


def sockets_to(pid, port):
    """How many TCP connections process `pid` has open to 127.0.0.1:`port` (from /proc)."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                remote_port = int(fields[2].rsplit(":", 1)[1], 16)
                if remote_port == port and fields[3] == "01" and fields[9] in inodes:  # 01: ESTABLISHED
                    count += 1
    return count


@pytest.mark.skipif(not postgres_base_url(), reason="needs TEST_DATABASE_URL (scripts/test.sh sets it)")
def test_two_servers_on_one_postgres_deliver_a_backlog_exactly_once(workdir, sinks):
    """Two `clientele serve` processes on one PostgreSQL database, one SMTP server and one SMS sink. 250 customers
    who opted in are imported; a marketing email to all of them is posted to one server and a marketing SMS to the
    other at the same moment (500 notifications, each server woken by its own write, the other by its poll). Both
    claim with `FOR UPDATE SKIP LOCKED`: every message arrives exactly once (raw count = distinct = notifications),
    and each server took part (each holds a connection to a provider)."""
    smtp, sms = sinks.smtp("--no-raw"), sinks.sms()
    people = 250
    with PostgresDatabase("notify") as url:
        env = outbox_env(smtp.url(), sms.url, DATABASE_URL=url, LOG_LEVEL="warning")
        first = Server(workdir, env).start()
        second = Server(workdir, env).start()
        try:
            org = Org.create(first)
            rows = "".join(f"Person {n},person{n}@example.com,+4930{2000000 + n},true,true\n" for n in range(people))
            job = org.api("POST", "/api/v1/customers/import", raw=("name,email,phone,email_opt_in,sms_opt_in\n" + rows).encode(),
                          headers={"Content-Type": "text/csv"}, expect=(202,))
            done = wait_until(lambda: (j := org.api("GET", f"/api/v1/imports/{job['id']}"))["status"] != "running" and j,
                              60, 0.2, "the import")
            assert done["status"] == "done" and done["created"] == people, done
            answers = {}

            def post(server, channel):
                answers[channel] = org.on(server).api("POST", "/api/v1/messages", {
                    "channel": channel, "body": "Hello {{customer.name}}", "filters": {}}, expect=(202,))
            threads = [threading.Thread(target=post, args=(first, "email")), threading.Thread(target=post, args=(second, "sms"))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert answers["email"]["queued"] == people and answers["sms"]["queued"] == people, answers
            org.settle(seconds=60)
            notes = org.notifications(event="marketing")
            assert collections.Counter(n["status"] for n in notes) == {"sent": 2 * people}
            smtp_ids = [r["message_id"] for r in smtp.records()]
            assert len(smtp_ids) == len(set(smtp_ids)) == people
            assert set(smtp_ids) == {message_id(n["id"]) for n in notes if n["channel"] == "email"}
            keys = [r["key"] for r in sms.records()]
            assert len(keys) == len(set(keys)) == people and not any(r["duplicate"] for r in sms.records())
            assert set(keys) == {n["id"] for n in notes if n["channel"] == "sms"}
            took_part = [sockets_to(s.process.pid, smtp.port) + sockets_to(s.process.pid, sms.port) for s in (first, second)]
            print(f"\ntwo servers: connections to the providers per server {took_part}")
            assert all(took_part), took_part
        finally:
            first.stop()
            second.stop()
