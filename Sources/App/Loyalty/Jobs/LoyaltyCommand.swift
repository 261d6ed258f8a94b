import Fluent
import Vapor

/// `clientele loyalty run [--as-of 2026-12-03T10:00:00Z] [--only birthdays|expiry]`: the loyalty jobs once, now (or as
/// of a given time, to catch up or to try a date), with progress. Safe next to running servers: it waits for nobody
/// and does nothing while another runner holds the jobs' lease.
struct LoyaltyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "run") var action: String
        @Option(name: "as-of", help: "Run as of this RFC 3339 time (default: now)") var asOf: String?
        @Option(name: "only", help: "birthdays or expiry (default: both)") var only: String?
    }

    var help: String { "Runs the loyalty jobs: birthday bonuses, then expiry of old points" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "run" else { throw Abort(.badRequest, reason: "the only action is `run`") }
        var now = Date()
        if let text = signature.asOf {
            guard let date = ISO8601DateFormatter().date(from: text) else { throw Abort(.badRequest, reason: "--as-of must be an RFC 3339 time, like 2026-12-03T10:00:00Z") }
            now = date
        }
        var only: LoyaltyJobs.Only?
        if let text = signature.only {
            guard let parsed = LoyaltyJobs.Only(rawValue: text) else { throw Abort(.badRequest, reason: "--only must be birthdays or expiry") }
            only = parsed
        }
        let app = context.application
        try await app.autoMigrate()
        let jobs = LoyaltyJobs(database: app.db, owner: "command-\(ProcessInfo.processInfo.processIdentifier)", logger: app.logger)
        let console = context.console
        let report = try await jobs.run(now: now, only: only) { line in console.output(line.consoleText()) }
        guard report.ran else {
            console.warning("Another runner holds the loyalty jobs' lease; nothing was done")
            return
        }
        console.info(report.summary)
    }
}
