import ClienteleStore

/// Whether this process exports traces, read from OpenTelemetry's own environment variables so that a collector's
/// usual settings work unchanged: tracing is on when `OTEL_EXPORTER_OTLP_ENDPOINT` (or its traces-only twin
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set; `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turns it off. Everything else (`OTEL_SERVICE_NAME`,
/// `OTEL_TRACES_SAMPLER`, `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_BSP_*`, …) is read by swift-otel itself.
///
/// This build exports over OTLP/HTTP only (protobuf, or JSON with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`): a setting
/// that asks for gRPC, or names an endpoint without `http://` or `https://`, stops the start with a message instead of
/// failing later inside the exporter.
public struct TracingSettings: Sendable, Equatable {
    /// The traces endpoint as configured.
    public var endpoint: String

    public init(endpoint: String) {
        self.endpoint = endpoint
    }

    /// Nil when tracing is off.
    public static func fromEnvironment(_ env: [String: String]) throws -> TracingSettings? {
        func value(_ key: String) -> String? {
            env[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if value("OTEL_SDK_DISABLED")?.lowercased() == "true" { return nil }
        let endpoint = value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") ?? value("OTEL_EXPORTER_OTLP_ENDPOINT")
        switch value("OTEL_TRACES_EXPORTER")?.lowercased() {
        case "none":
            return nil
        case nil, "otlp":
            guard let endpoint else { return nil }
            let lowered = endpoint.lowercased()
            guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), endpoint.count <= 2_048 else {
                throw DatabaseURL.Invalid(description: "OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, such as http://collector:4318")
            }
            for key in ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"] {
                guard let proto = value(key) else { continue }
                guard ["http/protobuf", "http/json"].contains(proto.lowercased()) else {
                    throw DatabaseURL.Invalid(description:
                        "\(key)=\(proto) is not supported: this build sends traces over OTLP/HTTP, so use http/protobuf (a collector's port 4318) or http/json")
                }
                break
            }
            return TracingSettings(endpoint: endpoint)
        case let other?:
            throw DatabaseURL.Invalid(description: "OTEL_TRACES_EXPORTER=\(other) is not supported: use otlp or none")
        }
    }
}
