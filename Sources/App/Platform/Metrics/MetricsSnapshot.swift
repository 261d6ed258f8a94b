import ClienteleStore
import Fluent
import Foundation
import Prometheus
import SQLKit
import Vapor

/// What `/metrics` reads at scrape time, into a registry of its own made for that scrape (so a finished job's series
/// disappears with it): the outbox's depth and oldest age, running import jobs and their progress, the database
/// connections this instance holds (PostgreSQL) or the writers queued at the write gate (SQLite), the replica's lag,
/// and the process's memory, CPU and open files. Every count is over all organizations: this is the operator's view.
struct MetricsSnapshot {
    let app: Application

    func emit(into buffer: inout [UInt8]) async {
        let registry = PrometheusCollectorRegistry()
        let database = app.db
        await outbox(registry, database)
        await jobs(registry, database)
        await connections(registry, database)
        await replicaLag(registry)
        ProcessMetrics.collect(into: registry)
        registry.gauge("clientele_info", "This instance's configuration", labels: [("database", app.config.database.isSQLite ? "sqlite" : "postgresql"),
                                                            ("read_replica", app.config.readReplica == nil ? "no" : "yes")]).set(1.0)
        registry.emit(into: &buffer)
    }

    /// A failing query must not fail the scrape: its metric is left out and `clientele_metrics_errors` says which.
    private func reading(_ registry: PrometheusCollectorRegistry, _ part: String, _ body: () async throws -> Void) async {
        do {
            try await body()
        } catch {
            app.logger.warning("metrics: could not read \(part)", metadata: ["error": "\(String(reflecting: error))"])
            registry.gauge("clientele_metrics_errors", "1 when a part of this scrape could not be read", labels: [("part", part)]).set(1.0)
        }
    }

    private func outbox(_ registry: PrometheusCollectorRegistry, _ database: any Database) async {
        await reading(registry, "outbox") {
            // Through the partial index of due messages (`notifications_due_idx`): as cheap as the outbox is short.
            let rows = try await database.sql.raw("""
                SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM notifications
                WHERE status IN ('queued', 'sending') GROUP BY status
                """).all()
            var oldest: Date?
            var counts = ["queued": 0, "sending": 0]
            for row in rows {
                counts[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
                if let date = try row.decode(column: "oldest", as: Date?.self) { oldest = min(oldest ?? date, date) }
            }
            for (status, count) in counts.sorted(by: { $0.key < $1.key }) {
                registry.gauge("clientele_outbox_messages", "Notifications waiting to be sent (queued) or being sent now (sending), all organizations", labels: [("status", status)])
                    .set(Double(count))
            }
            registry.gauge("clientele_outbox_oldest_age_seconds", "Age of the oldest notification not sent yet; 0 when the outbox is empty")
                .set(oldest.map { max(0, Date().timeIntervalSince($0)) } ?? 0)
        }
    }

    private func jobs(_ registry: PrometheusCollectorRegistry, _ database: any Database) async {
        await reading(registry, "jobs") {
            let running = try await database.sql.raw("""
                SELECT id, rows_done, rows_total FROM import_jobs WHERE status = 'running' ORDER BY created_at LIMIT 100
                """).all()
            registry.gauge("clientele_jobs_running", "Import jobs running now, on any instance", labels: [("kind", "import")]).set(Double(running.count))
            for row in running {
                let id = try row.decode(column: "id", as: UUID.self).uuidString.lowercased()
                let done = try row.decode(column: "rows_done", as: Int.self)
                let total = try row.decode(column: "rows_total", as: Int.self)
                let labels = [("kind", "import"), ("job", id)]
                registry.gauge("clientele_job_rows_done", "Rows a running job has done", labels: labels).set(Double(done))
                registry.gauge("clientele_job_rows_total", "Rows a running job will do", labels: labels).set(Double(total))
                registry.gauge("clientele_job_progress_ratio", "Rows done over rows total, 0 to 1", labels: labels)
                    .set(total > 0 ? min(1, Double(done) / Double(total)) : 0)
            }
        }
    }

    private func connections(_ registry: PrometheusCollectorRegistry, _ database: any Database) async {
        if app.config.database.isSQLite {
            let waiting = await SQLiteWriteGateMarker.gate(of: database).waiting
            registry.gauge("clientele_sqlite_write_gate_waiting", "Writers waiting for the next group commit of the SQLite write gate").set(Double(waiting))
            await reading(registry, "sqlite_memory") {
                // Each event loop keeps one connection; each answers for its own memory.
                var bytes = 0
                for eventLoop in app.eventLoopGroup.makeIterator() {
                    guard let db = app.databases.database(logger: app.logger, on: eventLoop) else { continue }
                    bytes += try await SQLiteMemory.used(on: db.sql)
                }
                registry.gauge("clientele_sqlite_memory_bytes", "Memory SQLite holds for this instance's connections: page caches (at most cache_size each), statements, schema")
                    .set(Double(bytes))
            }
            registry.gauge("clientele_sqlite_page_cache_block_bytes", "The block SQLite's page caches draw from, reserved and resident from the start (0: none; pages are allocated one by one)")
                .set(Double(SQLitePageCache.blockBytes))
            return
        }
        await reading(registry, "connections") {
            // This instance's connections carry its application_name (`PostgresApplicationName`).
            let rows = try await database.sql.raw("""
                SELECT COALESCE(state, 'unknown') AS state, COUNT(*) AS n FROM pg_stat_activity
                WHERE application_name = \(bind: PostgresApplicationName.instance) GROUP BY state
                """).all()
            var byState = ["active": 0, "idle": 0, "idle in transaction": 0]
            for row in rows { byState[try row.decode(column: "state", as: String.self)] = try row.decode(column: "n", as: Int.self) }
            for (state, count) in byState.sorted(by: { $0.key < $1.key }) {
                registry.gauge("clientele_db_connections", "This instance's open PostgreSQL connections by state; active and idle in transaction are in use", labels: [("state", state)])
                    .set(Double(count))
            }
            registry.gauge("clientele_db_pool_max_connections", "The most connections this instance opens")
                .set(Double(DatabaseSetup.postgresConnectionsPerEventLoop * Array(app.eventLoopGroup.makeIterator()).count))
        }
    }

    private func replicaLag(_ registry: PrometheusCollectorRegistry) async {
        guard app.config.readReplica != nil else { return }
        await reading(registry, "replica") {
            let lag = try await ReplicaMonitor.lag(of: ReplicaMonitor.replica(app))
            registry.gauge("clientele_replica_in_use", "1 while lag-tolerant reads go to the replica (it answers and lags less than the read-your-writes window)")
                .set(app.readYourWrites?.replicaUsable == true ? 1.0 : 0.0)
            registry.gauge("clientele_replica_lag_seconds", "How far the read replica's replay is behind (0 when it has replayed all it received)")
                .set(lag)
        }
    }
}
