#!/usr/bin/env python3
"""A real OTLP/HTTP trace receiver (what an OpenTelemetry collector listens for on port 4318), for tests.

It accepts POST /v1/traces in both encodings the OTLP specification defines — binary protobuf
(`application/x-protobuf`, decoded with the `opentelemetry-proto` package) and JSON (`application/json`) — and writes
each span it receives as one JSON line in --out:
{"content_type", "service", "scope", "name", "kind", "trace_id", "span_id", "parent_span_id", "attributes",
 "status_code", "status_message"}; ids are lower-case hex, attributes a flat object.

    python3 Tests/support/otlp_sink.py --port 0 --out spans.jsonl

Prints "READY <port>" once listening. Any other path or content type is answered 404 / 415, as a collector does.
"""
import argparse
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1 import trace_service_pb2


def any_value_from_proto(value):
    kind = value.WhichOneof("value")
    if kind == "array_value":
        return [any_value_from_proto(v) for v in value.array_value.values]
    if kind == "kvlist_value":
        return {kv.key: any_value_from_proto(kv.value) for kv in value.kvlist_value.values}
    if kind == "bytes_value":
        return value.bytes_value.hex()
    return getattr(value, kind) if kind else None


def any_value_from_json(value):
    (kind, inner), = value.items() if value else (("none", None),)
    if kind == "intValue":
        return int(inner)
    if kind == "arrayValue":
        return [any_value_from_json(v) for v in inner.get("values", [])]
    if kind == "kvlistValue":
        return {kv["key"]: any_value_from_json(kv.get("value", {})) for kv in inner.get("values", [])}
    return inner


def spans_from_proto(raw):
    request = trace_service_pb2.ExportTraceServiceRequest()
    request.ParseFromString(raw)
    for resource_spans in request.resource_spans:
        resource = {kv.key: any_value_from_proto(kv.value) for kv in resource_spans.resource.attributes}
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                yield {
                    "service": resource.get("service.name"), "scope": scope_spans.scope.name, "name": span.name,
                    "kind": span.kind, "trace_id": span.trace_id.hex(), "span_id": span.span_id.hex(),
                    "parent_span_id": span.parent_span_id.hex(),
                    "attributes": {kv.key: any_value_from_proto(kv.value) for kv in span.attributes},
                    "status_code": span.status.code, "status_message": span.status.message,
                }


def spans_from_json(raw):
    # OTLP/JSON: camelCase field names, ids as hex strings, enums as integers, 64-bit integers as strings.
    request = json.loads(raw)
    for resource_spans in request.get("resourceSpans", []):
        resource = {kv["key"]: any_value_from_json(kv.get("value", {}))
                    for kv in resource_spans.get("resource", {}).get("attributes", [])}
        for scope_spans in resource_spans.get("scopeSpans", []):
            for span in scope_spans.get("spans", []):
                status = span.get("status", {})
                yield {
                    "service": resource.get("service.name"), "scope": scope_spans.get("scope", {}).get("name", ""),
                    "name": span["name"], "kind": int(span.get("kind", 0)), "trace_id": span["traceId"].lower(),
                    "span_id": span["spanId"].lower(), "parent_span_id": span.get("parentSpanId", "").lower(),
                    "attributes": {kv["key"]: any_value_from_json(kv.get("value", {})) for kv in span.get("attributes", [])},
                    "status_code": int(status.get("code", 0)), "status_message": status.get("message", ""),
                }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    lock = threading.Lock()
    out = open(args.out, "a", buffering=1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *_):
            pass

        def answer(self, status, content_type, data):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if self.path != "/v1/traces":
                return self.answer(404, "text/plain", b"not found")
            if content_type == "application/x-protobuf":
                spans = list(spans_from_proto(raw))
                reply = (trace_service_pb2.ExportTraceServiceResponse().SerializeToString(), content_type)
            elif content_type == "application/json":
                spans = list(spans_from_json(raw))
                reply = (b"{}", content_type)
            else:
                return self.answer(415, "text/plain", b"unsupported content type")
            with lock:
                for span in spans:
                    out.write(json.dumps({"content_type": content_type, **span}) + "\n")
            self.answer(200, reply[1], reply[0])

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
