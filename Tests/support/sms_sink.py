#!/usr/bin/env python3
"""A real HTTP server standing in for an SMS provider, for tests and benchmarks.

It accepts POSTs of {"id", "to", "body"} like a provider's webhook and honours `Idempotency-Key` as providers do: a
key it has accepted before is answered 200 again without sending twice. Each request is one JSON line in --out:
{"key", "id", "to", "body", "status", "duplicate"}.

    python3 Tests/support/sms_sink.py --port 0 --out sms.jsonl [--fail-first N] [--refuse SUBSTRING] [--quiet]

--fail-first N   answers 500 to the first N requests (a provider outage)
--refuse TEXT    answers 400 to messages whose "to" contains TEXT (a number the provider refuses)
Prints "READY <port>" once listening.
"""
import argparse
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--out", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--refuse", default=None)
    args = parser.parse_args()
    # A parent may start us with SIGTERM blocked (Foundation's Process does): unblock it, and stop on it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    lock = threading.Lock()
    state = {"requests": 0}
    accepted = set()
    out = open(args.out, "a", buffering=1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes: without it each answer waits ~40 ms for an ACK

        def log_message(self, *_):
            pass

        def answer(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            key = self.headers.get("Idempotency-Key")
            try:
                message = json.loads(raw)
            except ValueError:
                self.answer(400, {"error": "body is not JSON"})
                return
            with lock:
                state["requests"] += 1
                number = state["requests"]
                duplicate = key in accepted
                if number <= args.fail_first:
                    status = 500
                elif args.refuse and args.refuse in str(message.get("to", "")):
                    status = 400
                else:
                    status = 200
                    if key:
                        accepted.add(key)
                out.write(json.dumps({"key": key, "id": message.get("id"), "to": message.get("to"),
                                      "body": message.get("body"), "status": status, "duplicate": duplicate}) + "\n")
            if status == 200:
                self.answer(200, {"id": key, "duplicate": duplicate})
            else:
                self.answer(status, {"error": "refused" if status == 400 else "try again later"})

    ThreadingHTTPServer.request_queue_size = 512  # the default listen backlog, 5, drops (resets) a client pool's connections
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
