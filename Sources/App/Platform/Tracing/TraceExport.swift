import Logging
import OTel
import ServiceLifecycle
import Tracing

/// The process's trace exporter: swift-otel's tracer, installed as the process-wide tracer (`InstrumentationSystem`,
/// once per process, so `main` starts it, not `configure`), and its background service (the batch span processor and
/// the OTLP/HTTP client) running until `finish`, which sends the spans still queued.
public final class TraceExport: Sendable {
    private let group: ServiceGroup
    private let running: Task<Void, Never>

    private init(group: ServiceGroup, running: Task<Void, Never>) {
        self.group = group
        self.running = running
    }

    /// Installs the tracer and starts exporting. `logger` receives swift-otel's own messages (an export that failed).
    public static func start(_ settings: TracingSettings, logger: Logger) throws -> TraceExport {
        var configuration = OTel.Configuration.default
        configuration.serviceName = "clientele"
        configuration.diagnosticLogger = .custom(logger)
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        // Environment variables (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_*, OTEL_BSP_*, …) override these.
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        let group = ServiceGroup(configuration: .init(services: [backend.service], logger: logger))
        let running = Task {
            do { try await group.run() } catch { logger.error("trace export stopped: \(String(describing: error))") }
        }
        return TraceExport(group: group, running: running)
    }

    /// Exports what is queued and stops, waiting at most `timeout` for the collector.
    public func finish(timeout: Duration = .seconds(5)) async {
        await group.triggerGracefulShutdown()
        let running = self.running
        await withTaskGroup(of: Void.self) { waiting in
            waiting.addTask { await running.value }
            waiting.addTask { try? await Task.sleep(for: timeout) }
            await waiting.next()
            waiting.cancelAll()
        }
        running.cancel()
    }
}
