import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Tokens revoked on one instance fail on every instance at once. Each process keeps the tokens it resolved a moment
/// ago (`TokenCache`); every change that can end or narrow a token moves the database's one counter
/// (`token_revocations.version`) after it commits, and every serving process on PostgreSQL reads that counter every
/// `AppConfig.tokenRevocationInterval` (0.25 s) and forgets what it keeps when it moved. On SQLite one process serves
/// the file: its own cache is all. A change of an organization moves the same counter: each process also keeps the
/// organizations it read (`OrganizationCache`), and forgets them with its tokens.
enum TokenRevocations {
    /// Forgets this process's tokens and tells the others: called once the change has committed.
    static func announce(_ cache: TokenCache, on database: any Database) async throws {
        cache.forgetAll()
        try await tellOthers(on: database)
    }

    /// Forgets this process's organizations and tells the others: called once an organization's change has committed.
    static func announce(_ cache: OrganizationCache, on database: any Database) async throws {
        cache.forgetAll()
        try await tellOthers(on: database)
    }

    private static func tellOthers(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        try await (try database.sql).raw("UPDATE token_revocations SET version = version + 1 WHERE id = 1").run()
    }

    static func version(on database: any Database) async throws -> Int64? {
        try await (try database.sql).raw("SELECT version FROM token_revocations WHERE id = 1").first()?
            .decode(column: "version", as: Int64.self)
    }
}

/// Watches the counter in a serving process on PostgreSQL (see `TokenRevocations`). While the database cannot be
/// read, the cache is forgotten on every failed look, so nothing older than the last look is answered from it.
final class TokenRevocationWatcher: LifecycleHandler, Sendable {
    private let interval: TimeInterval
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(interval: TimeInterval) { self.interval = interval }

    func didBootAsync(_ app: Application) async throws {
        guard SQLDialectKind(app.db) == .postgres else { return }
        let (database, tokens, organizations, logger) = (app.db, app.tokenCache, app.organizationCache, app.logger)
        let forgetAll: @Sendable () -> Void = {
            tokens.forgetAll()
            organizations.forgetAll()
        }
        let interval = UInt64(self.interval * 1_000_000_000)
        loop.withLockedValue { loop in
            loop = Task {
                var seen: Int64?
                var failing = false
                while !Task.isCancelled {
                    do {
                        let version = try await TokenRevocations.version(on: database)
                        if version != seen {
                            if seen != nil { forgetAll() }
                            seen = version
                        }
                        if failing { logger.notice("token revocations: the counter is readable again") }
                        failing = false
                    } catch {
                        forgetAll()
                        seen = nil
                        // Once per outage, not four times a second.
                        if !failing { logger.warning("token revocations: cannot read the counter: \(String(reflecting: error))") }
                        failing = true
                    }
                    try? await Task.sleep(nanoseconds: interval)
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let running = loop.withLockedValue { loop in defer { loop = nil }; return loop }
        running?.cancel()
        await running?.value
    }
}
