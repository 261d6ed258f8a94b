import Vapor

extension SQLitePragmas {
    /// The application's SQLite connections configured at boot (see `SQLitePragmas.apply(to:on:logger:)`).
    static func apply(to app: Application) async throws {
        try await apply(to: app.databases, on: app.eventLoopGroup, logger: app.logger)
    }
}
