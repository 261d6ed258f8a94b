import Fluent
import SQLKit
import Vapor

/// `GET /health`: 200 when the database answers, 503 when it does not.
struct HealthController: RouteCollection {
    struct Status: Content {
        let status: String
        let database: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
    }

    func health(req: Request) async throws -> Response {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            // The connection pool's own timeout bounds this when the database does not answer.
            _ = try await sql.raw("SELECT 1 AS ok").first()
            return try await Status(status: "ok", database: "ok").encodeResponse(status: .ok, for: req)
        } catch {
            req.logger.warning("health check: database unreachable", metadata: ["error": "\(error)"])
            throw Problem(.serviceUnavailable, type: ProblemType.unavailable, detail: "The database is not reachable",
                          headers: ["Retry-After": "5"])
        }
    }
}
