#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for the ClienteleMail tests and the mail benchmark.

Every accepted message becomes one JSON line in --out: n, connection (which connection carried it, 1-based),
connections (opened so far), quits (QUIT commands so far), mail_from, rcpt_tos, mail_options, tls, auth_login,
message_id, raw (as received, UTF-8 with surrogateescape) and, with --parse, what Python's email module makes of it.
Prints "READY <port>" on stdout once listening; --port 0 picks a free port. SIGTERM/SIGINT stop it cleanly.
"""
import argparse
import asyncio
import contextlib
import email
import email.policy
import json
import logging
import re
import signal
import ssl
import sys
import warnings

try:
    from aiosmtpd.smtp import SMTP, AuthResult
except ImportError:
    print("smtp_server.py needs the aiosmtpd package: pip install aiosmtpd", file=sys.stderr)
    sys.exit(2)

MESSAGE_ID = re.compile(rb"^message-id:[ \t]*(.*?)\r?$", re.IGNORECASE | re.MULTILINE)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True, help="0 picks a free port (printed with READY)")
    parser.add_argument("--out", required=True, help="JSON lines file, appended to")
    parser.add_argument("--tls-cert", help="PEM certificate: offers STARTTLS (or serves implicit TLS)")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (smtps)")
    parser.add_argument("--auth", metavar="USER:PASS", help="require AUTH with these credentials")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN", help="offered with --auth (default PLAIN,LOGIN)")
    parser.add_argument("--drop-during-data", type=int, default=0, metavar="N",
                        help="close the connection mid-DATA for the first N messages, accepting none of them")
    parser.add_argument("--reject-rcpt", metavar="SUBSTRING", help="550 for recipients containing it")
    parser.add_argument("--tempfail-first", type=int, default=0, metavar="N", help="451 at end of DATA for the first N")
    parser.add_argument("--no-pipelining", action="store_true", help="do not announce PIPELINING")
    parser.add_argument("--no-8bitmime", action="store_true", help="do not announce 8BITMIME")
    parser.add_argument("--no-ehlo", action="store_true", help="answer EHLO with 502, as an RFC 821 server would")
    parser.add_argument("--parse", action="store_true", help="add 'parsed': headers and parts via Python's email module")
    parser.add_argument("--no-raw", action="store_true", help="leave out 'raw' (benchmarks)")
    parser.add_argument("--flush-every", type=int, default=1, metavar="N",
                        help="flush the out file every N messages (default 1: each message is on disk before its 250)")
    arguments = parser.parse_args()
    if bool(arguments.tls_cert) != bool(arguments.tls_key) or (arguments.implicit_tls and not arguments.tls_cert):
        parser.error("--tls-cert and --tls-key go together; --implicit-tls needs them")
    return arguments


def parsed_view(content):
    """What a receiving mail program would see: decoded headers and each leaf part's decoded text."""
    message = email.message_from_bytes(content, policy=email.policy.default)
    parts, defects = [], [type(defect).__name__ for defect in message.defects]
    for part in message.walk():
        defects += [type(defect).__name__ for defect in part.defects]
        if part.is_multipart():
            continue
        parts.append({"content_type": part.get_content_type(), "charset": part.get_content_charset(),
                      "transfer_encoding": part.get("Content-Transfer-Encoding"), "content": part.get_content()})
    return {"content_type": message.get_content_type(), "parts": parts, "defects": defects,
            "headers": [[name, str(value)] for name, value in message.items()]}


class Sink:
    """The aiosmtpd handler: decides replies and writes accepted messages."""

    def __init__(self, arguments):
        self.arguments = arguments
        self.out = open(arguments.out, "a", encoding="utf-8", errors="surrogateescape", buffering=1 << 16)
        self.accepted = 0
        self.connections = 0
        self.quits = 0
        self.drop_left = arguments.drop_during_data
        self.tempfail_left = arguments.tempfail_first

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.arguments.no_8bitmime:
            responses = [line for line in responses if line[4:] != "8BITMIME"]
        if not self.arguments.no_pipelining:
            responses.insert(1, "250-PIPELINING")
        return responses

    async def handle_QUIT(self, server, session, envelope):
        self.quits += 1
        return "221 Bye"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.arguments.reject_rcpt and self.arguments.reject_rcpt in address:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.tempfail_left > 0:
            self.tempfail_left -= 1
            return "451 4.3.0 Temporary failure, try again later"
        self.accepted += 1
        content = envelope.original_content
        found = MESSAGE_ID.search(content.split(b"\r\n\r\n", 1)[0])
        record = {
            "n": self.accepted, "connection": server.connection_number, "connections": self.connections,
            "quits": self.quits, "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options, "tls": server.transport.get_extra_info("ssl_object") is not None,
            "auth_login": session.auth_data.login.decode() if session.authenticated and session.auth_data else None,
            "message_id": found.group(1).decode("ascii", "replace") if found else None,
        }
        if not self.arguments.no_raw:
            record["raw"] = content.decode("utf-8", "surrogateescape")
        if self.arguments.parse:
            record["parsed"] = parsed_view(content)
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if self.accepted % self.arguments.flush_every == 0:
            self.out.flush()
        return f"250 2.0.0 OK queued as {self.accepted}"

    def close(self):
        self.out.flush()
        self.out.close()


class SinkSMTP(SMTP):
    """aiosmtpd's SMTP with a connection number and the failure modes the tests ask for."""

    connection_number = None

    def connection_made(self, transport):
        # STARTTLS calls this again for the same connection: count it once.
        if self.connection_number is None:
            self.event_handler.connections += 1
            self.connection_number = self.event_handler.connections
        super().connection_made(transport)

    async def smtp_EHLO(self, hostname):
        if self.event_handler.arguments.no_ehlo:
            await self.push("502 5.5.1 EHLO not implemented")
            return
        await super().smtp_EHLO(hostname)

    async def smtp_DATA(self, arg):
        sink = self.event_handler
        if sink.drop_left > 0 and not arg and self.envelope is not None and self.envelope.rcpt_tos:
            sink.drop_left -= 1
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            with contextlib.suppress(Exception):  # take one line of the message, then vanish
                await asyncio.wait_for(self._reader.readuntil(b"\r\n"), timeout=5)
            self.transport.abort()  # as a crashed or cut-off server would
            return
        await super().smtp_DATA(arg)


def make_authenticator(credentials):
    user, _, password = credentials.partition(":")

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)  # handled=False: aiosmtpd sends the 535

    return authenticator


async def serve(arguments):
    sink = Sink(arguments)
    tls_context = None
    if arguments.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(arguments.tls_cert, arguments.tls_key)
    options = {"hostname": "localhost", "ident": "smtp_server.py"}
    if arguments.tls_cert and not arguments.implicit_tls:
        options["tls_context"] = tls_context
    if arguments.auth:
        offered = {m.strip().upper() for m in arguments.auth_mechanisms.split(",") if m.strip()}
        options.update(auth_required=True, auth_require_tls=False, authenticator=make_authenticator(arguments.auth),
                       auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if m not in offered])
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SinkSMTP(sink, **options), host=arguments.host, port=arguments.port,
                                      ssl=tls_context if arguments.implicit_tls else None, backlog=512)
    stop = loop.create_future()
    # A parent may spawn us with these blocked (Foundation's Process does): unblock, or SIGTERM would never arrive.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: stop.done() or stop.set_result(None))
    print(f"READY {server.sockets[0].getsockname()[1]}", flush=True)
    try:
        await stop
    finally:
        server.close()
        sink.close()


if __name__ == "__main__":
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd logs every command at INFO
    warnings.simplefilter("ignore")  # auth without TLS on loopback is what the tests want
    asyncio.run(serve(parse_arguments()))
