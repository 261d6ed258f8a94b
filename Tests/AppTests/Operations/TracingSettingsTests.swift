@testable import App
import Testing

@Suite struct TracingSettingsTests {
    @Test(arguments: [
        // Nothing configured, or switched off: no tracing.
        ([:], nil),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": ""], nil),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_SDK_DISABLED": "TRUE"], nil),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318", "OTEL_TRACES_EXPORTER": "none"], nil),
        (["OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"], nil),
        // An endpoint turns it on; the traces-only endpoint wins over the shared one.
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"], TracingSettings(endpoint: "http://collector:4318")),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "https://b/v1/traces"],
         TracingSettings(endpoint: "https://b/v1/traces")),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "HTTPS://collector", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json", "OTEL_TRACES_EXPORTER": "otlp"],
         TracingSettings(endpoint: "HTTPS://collector")),
    ] as [([String: String], TracingSettings?)])
    func readsOpenTelemetrysOwnVariables(env: [String: String], expected: TracingSettings?) throws {
        #expect(try TracingSettings.fromEnvironment(env) == expected)
    }

    @Test(arguments: [
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"], "OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL"),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://" + String(repeating: "a", count: 3_000)], "OTEL_EXPORTER_OTLP_ENDPOINT must be"),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"],
         "OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported"),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"],
         "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc is not supported"),
        (["OTEL_TRACES_EXPORTER": "jaeger"], "OTEL_TRACES_EXPORTER=jaeger is not supported"),
        (["OTEL_TRACES_EXPORTER": "console", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"], "OTEL_TRACES_EXPORTER=console is not supported"),
    ] as [([String: String], String)])
    func refusesWhatThisBuildCannotExport(env: [String: String], message: String) {
        #expect {
            _ = try TracingSettings.fromEnvironment(env)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
