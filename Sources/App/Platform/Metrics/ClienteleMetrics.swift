import Prometheus
import Vapor

/// The process's Prometheus registry (swift-prometheus) and the metrics each request records: how many requests each
/// route answered with each status, and how long they took. Labels are bounded: the route is the pattern
/// (`/api/v1/customers/:id`, never an id), an unknown method is `OTHER`, a path no route matched is `unmatched`.
final class ClienteleMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let inFlight: Gauge
    let poolTimeouts: Counter

    /// From a by-key read (a millisecond) to a large export page.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    init() {
        inFlight = registry.gauge("clientele_http_requests_in_flight", "Requests being answered now")
        poolTimeouts = registry.counter("clientele_db_pool_timeouts_total", "Requests answered 503 because no database connection became free in time (CLIENTELE_DB_POOL_TIMEOUT_SECONDS)")
    }

    func record(method: HTTPMethod, route: Route?, status: HTTPResponseStatus, duration: Duration) {
        let labels = [("method", Self.knownMethods.contains(method.rawValue) ? method.rawValue : "OTHER"),
                      ("route", Self.pattern(of: route)), ("status", String(status.code))]
        registry.counter("clientele_http_requests_total", "Requests answered, by method, route pattern and status", labels: labels).increment()
        registry.histogram("clientele_http_request_duration_seconds", "Time from a request's arrival to its response, by method, route pattern and status", labels: labels, buckets: Self.latencyBuckets)
            .record(duration)
    }

    static func pattern(of route: Route?) -> String {
        guard let route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = ClienteleMetrics }

    /// Created by `configure`; one per application (tests run many in one process).
    var metrics: ClienteleMetrics {
        get {
            guard let metrics = storage[MetricsKey.self] else { fatalError("configure(_:) was not called") }
            return metrics
        }
        set { storage[MetricsKey.self] = newValue }
    }
}

extension PrometheusCollectorRegistry {
    /// The registry keeps one metric per name and labels: asking again answers the same one.
    func gauge(_ name: String, _ help: String, labels: [(String, String)] = []) -> Gauge {
        makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    func counter(_ name: String, _ help: String, labels: [(String, String)] = []) -> Counter {
        makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    func histogram(_ name: String, _ help: String, labels: [(String, String)], buckets: [Duration]) -> DurationHistogram {
        makeDurationHistogram(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels, buckets: buckets)
    }
}
