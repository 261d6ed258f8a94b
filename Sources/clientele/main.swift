import App
import ClienteleStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor

// Swift tasks run on the event loops themselves: a database answer resumes its request without another thread hop.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

var env = try Environment.detect()
// Structured JSON lines by default (`CLIENTELE_LOG_FORMAT=text` for Vapor's console format), at `--log`/`LOG_LEVEL`.
if ProcessInfo.processInfo.environment["CLIENTELE_LOG_FORMAT"] == "text" {
    try LoggingSystem.bootstrap(from: &env)
} else {
    try LoggingSystem.bootstrap(from: &env) { level in { label in JSONLogHandler(label: label, level: level) } }
}
let app = try await Application.make(env)
var traceExport: TraceExport?
do {
    let config = try AppConfig.fromEnvironment()
    // Before any database opens: SQLite's page caches in one block, resident from the start (see SQLitePageCache).
    if config.database.isSQLite { SQLitePageCache.reserve() }
    // Traces to an OpenTelemetry collector when one is configured (OTEL_EXPORTER_OTLP_ENDPOINT): once per process.
    traceExport = try config.tracing.map { try TraceExport.start($0, logger: Logger(label: "clientele.tracing")) }
    try await configure(app, config: config)
    try await app.execute()
} catch {
    // A configuration or start-up failure: say what went wrong and exit, without a crash report.
    FileHandle.standardError.write(Data("clientele: \(error)\n".utf8))
    try? await app.asyncShutdown()
    await traceExport?.finish()
    exit(1)
}
try await app.asyncShutdown()
// The spans of the last requests (the server drained them at SIGTERM) go out before the process ends.
await traceExport?.finish()
