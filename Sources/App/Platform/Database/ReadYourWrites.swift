import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Reads that may lag — lists, search, exports, statistics — go to the read replica (`DATABASE_READ_URL`), except a
/// user's own for `CLIENTELE_READ_YOUR_WRITES_SECONDS` after that user wrote, on whichever instance the write and the
/// read reach: the write is noted in `recent_writes` on the primary (and in this instance's memory, which spares the
/// look-up when the same instance serves both), and the read asks there before it picks the replica.
final class ReadYourWrites: Sendable {
    let window: TimeInterval
    private let local = NIOLockedValueBox<[UUID: Date]>([:])
    private let usable = NIOLockedValueBox(false)

    /// Whether the replica answers and lags less than the window (`ReplicaMonitor`); until its first look, it is not.
    var replicaUsable: Bool {
        get { usable.withLockedValue { $0 } }
        set { usable.withLockedValue { $0 = newValue } }
    }

    init(window: TimeInterval) {
        self.window = window
    }

    func wrote(_ user: UUID, on database: any Database) async throws {
        let now = Date()
        let until = now.addingTimeInterval(window)
        local.withLockedValue { recent in
            if recent.count >= 10_000 { recent = recent.filter { $0.value > now } }
            recent[user] = until
        }
        try await database.sql.raw("""
            INSERT INTO recent_writes (user_id, until) VALUES (\(bind: user), \(bind: until))
            ON CONFLICT (user_id) DO UPDATE SET until = EXCLUDED.until
            """).run()
    }

    func wroteRecently(_ user: UUID, on database: any Database) async throws -> Bool {
        let now = Date()
        if let until = local.withLockedValue({ $0[user] }), until > now { return true }
        return try await database.sql.raw("""
            SELECT 1 AS recent FROM recent_writes WHERE user_id = \(bind: user) AND until > \(bind: now)
            """).first() != nil
    }
}

/// Notes each successful write (any method but GET, HEAD and OPTIONS answered below 400) of a signed-in user, when a
/// read replica is configured.
struct ReadYourWritesMiddleware: AsyncMiddleware {
    let tracker: ReadYourWrites

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method), response.status.code < 400,
              let user = try? request.principal.user.requireID() else { return response }
        do {
            try await tracker.wrote(user, on: request.database)
        } catch {
            // The write itself succeeded: its answer stands; only the replica's lag may show for a moment.
            request.logger.warning("could not note a write for read-your-writes", metadata: ["error": "\(String(reflecting: error))"])
        }
        return response
    }
}

extension Request {
    /// The database for a read that may lag behind the latest writes: the replica when one is configured and the
    /// caller has not written within the window, else the primary.
    func lagTolerantDatabase() async throws -> any Database {
        guard let tracker = application.readYourWrites, tracker.replicaUsable else { return database }
        guard let user = try? principal.user.requireID() else { return db(.replica) }
        return try await tracker.wroteRecently(user, on: database) ? database : db(.replica)
    }
}

extension Application {
    private struct ReadYourWritesKey: StorageKey { typealias Value = ReadYourWrites }

    /// Set when a read replica is configured.
    var readYourWrites: ReadYourWrites? {
        get { storage[ReadYourWritesKey.self] }
        set { storage[ReadYourWritesKey.self] = newValue }
    }
}
