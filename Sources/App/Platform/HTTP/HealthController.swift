import Fluent
import SQLKit
import Vapor

/// `GET /health` (liveness): 200 when the database answers, 503 when it does not. `GET /ready` (readiness, what a load
/// balancer asks before sending traffic): 200 once every migration this binary knows has run as well — during a
/// rolling upgrade an instance whose migrations another instance is still running answers 503.
struct HealthController: RouteCollection {
    struct Status: Content {
        let status: String
        let database: String
    }

    struct Readiness: Content {
        let status: String
        let database: String
        let migrations: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("ready", use: ready)
    }

    func health(req: Request) async throws -> Response {
        do {
            guard let sql = req.database as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            // The connection pool's own timeout bounds this when the database does not answer.
            _ = try await sql.raw("SELECT 1 AS ok").first()
            return try await Status(status: "ok", database: "ok").encodeResponse(status: .ok, for: req)
        } catch {
            req.logger.warning("health check: database unreachable", metadata: ["error": "\(error)"])
            throw Self.unavailable("The database is not reachable")
        }
    }

    func ready(req: Request) async throws -> Response {
        let applied: Set<String>
        do {
            guard let sql = req.database as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            _ = try await sql.raw("SELECT 1 AS ok").first()
            do {
                applied = Set(try await sql.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) })
            } catch {
                applied = []
            }
        } catch {
            req.logger.warning("readiness check: database unreachable", metadata: ["error": "\(error)"])
            throw Self.unavailable("The database is not reachable")
        }
        let pending = AppMigrations.all.map(\.name).filter { !applied.contains($0) }
        guard pending.isEmpty else {
            throw Self.unavailable("\(pending.count) migration(s) have not run yet: \(pending.joined(separator: ", "))")
        }
        return try await Readiness(status: "ready", database: "ok", migrations: "current").encodeResponse(status: .ok, for: req)
    }

    private static func unavailable(_ detail: String) -> Problem {
        Problem(.serviceUnavailable, type: ProblemType.unavailable, detail: detail, headers: ["Retry-After": "5"])
    }
}
