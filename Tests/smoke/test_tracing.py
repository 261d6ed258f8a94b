"""Traces to a real OTLP/HTTP receiver (Tests/support/otlp_sink.py, protobuf and JSON as a collector takes them) from
the real binary, configured the way an OpenTelemetry collector's users configure any service: OTEL_* variables."""
import json
import os
import secrets
import signal
import subprocess

import pytest

from conftest import ADMIN, BINARY, organization
from sinks import SinkProcess, wait_until


class OTLPSink(SinkProcess):
    """otlp_sink.py: one record per span received."""

    script = "otlp_sink.py"

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def spans(self, name=None):
        return [span for span in self.records() if name is None or span["name"] == name]


@pytest.fixture
def otlp(workdir):
    with OTLPSink(workdir, "spans") as sink:
        yield sink


def tracing_env(sink, **extra):
    # Spans leave in batches every 100 ms here (the default is 5 s).
    return {**ADMIN, "OTEL_EXPORTER_OTLP_ENDPOINT": sink.endpoint, "OTEL_BSP_SCHEDULE_DELAY": "100", **extra}


def log_lines(server):
    lines = []
    for line in server.output.splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            pass
    return lines


def test_each_request_is_a_server_span_in_the_callers_trace_without_its_query(server_factory, otlp):
    server = server_factory(env=tracing_env(otlp))
    token = organization(server)
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    found = server.request("GET", "/api/v1/customers?q=secret.person%40example.com&limit=5", token=token, headers={
        "traceparent": f"00-{trace_id}-{parent_id}-01", "X-Request-Id": "trace-smoke-1"})
    assert found.status == 200, found
    missing = server.request("GET", "/api/v1/customers/00000000-0000-0000-0000-000000000000", token=token)
    assert missing.status == 404, missing

    span = wait_until(lambda: next((s for s in otlp.spans("GET /api/v1/customers") if s["trace_id"] == trace_id), None),
                      what="the list request's span")
    assert span["content_type"] == "application/x-protobuf"  # the default protocol, as a collector's port 4318 takes it
    assert span["service"] == "clientele"
    assert span["kind"] == 2  # SPAN_KIND_SERVER
    assert span["parent_span_id"] == parent_id
    attributes = span["attributes"]
    assert attributes["http.request.method"] == "GET"
    assert attributes["http.route"] == "/api/v1/customers"
    assert attributes["http.response.status_code"] == 200
    assert attributes["clientele.request_id"] == "trace-smoke-1"
    assert attributes["client.address"] == "127.0.0.1"
    # The search term is a customer's email: it is in no attribute.
    assert "url.query" not in attributes
    assert "secret.person" not in json.dumps(span)

    lost = wait_until(lambda: otlp.spans("GET /api/v1/customers/:id"), what="the 404's span")[0]
    assert lost["attributes"]["http.response.status_code"] == 404
    assert lost["trace_id"] != trace_id and lost["parent_span_id"] == ""

    # The request's log line carries the trace id: a trace leads to its log line and back.
    line = next(l for l in log_lines(server) if l.get("msg") == "request" and l.get("request-id") == "trace-smoke-1")
    assert line["trace_id"] == trace_id


def test_an_import_job_and_a_failed_request_are_traced_as_json_when_asked(server_factory, otlp):
    server = server_factory(env=tracing_env(otlp, OTEL_EXPORTER_OTLP_PROTOCOL="http/json",
                                            OTEL_SERVICE_NAME="clientele-eu-1"))
    token = organization(server)
    bad = server.request("POST", "/api/v1/customers", {"name": "X", "email": "not-an-email"}, token=token)
    assert bad.status == 422, bad
    body = "name,email\n" + "".join(f"Person {n},person{n}@example.com\n" for n in range(20))
    posted = server.request("POST", "/api/v1/customers/import", raw=body.encode(), token=token,
                            headers={"Content-Type": "text/csv"})
    assert posted.status == 202, posted

    job = wait_until(lambda: otlp.spans("import job"), what="the import job's span")[0]
    assert job["content_type"] == "application/json"
    assert job["service"] == "clientele-eu-1"
    assert job["attributes"]["clientele.import_job_id"].lower() == posted.json["id"].lower()
    assert job["status_code"] != 2  # not STATUS_CODE_ERROR
    create = wait_until(lambda: otlp.spans("POST /api/v1/customers"), what="the create's span")[0]
    assert create["attributes"]["http.response.status_code"] == 422
    assert "not-an-email" not in json.dumps(create)


def test_the_last_spans_leave_when_the_server_stops(server_factory, otlp):
    # A batch would wait a minute: only the shutdown's flush can deliver this span in time.
    server = server_factory(env=tracing_env(otlp, OTEL_BSP_SCHEDULE_DELAY="60000"))
    assert server.request("GET", "/ready", headers={"X-Request-Id": "last-one"}).status == 200
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0, server.output[-3000:]
    assert any(s["attributes"].get("clientele.request_id") == "last-one" for s in otlp.spans("GET /ready")), otlp.records()


@pytest.mark.parametrize("variable, value, says", [
    ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported"),
    ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318", "must be an http:// or https:// URL"),
    ("OTEL_TRACES_EXPORTER", "zipkin", "OTEL_TRACES_EXPORTER=zipkin is not supported"),
])
def test_a_setting_this_build_cannot_serve_stops_the_start_with_a_message(workdir, variable, value, says):
    env = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", variable: value}
    result = subprocess.run([str(BINARY), "serve", "--port", "0"], cwd=workdir, capture_output=True, text=True,
                            timeout=60, env={**os.environ, **env})
    assert result.returncode == 1, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    assert says in result.stderr, result.stderr
