import Foundation
import Vapor

/// `clientele backup --out FILE`: a consistent copy of the database while the server runs — SQLite's online backup
/// API on its own connection, or `pg_dump`'s custom format for PostgreSQL. `clientele restore FILE` reads it back.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "out", help: "The file to write (it must not exist)") var out: String?
    }

    var help: String { "Writes a consistent copy of the database while the server runs" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let out = signature.out, !out.isEmpty else { throw Abort(.badRequest, reason: "--out must name a file") }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw Abort(.conflict, reason: "\(out) exists already; a backup never overwrites a file")
        }
        let console = context.console
        switch context.application.config.database {
        case let .sqliteFile(path):
            let pages = PageProgress(console: console, title: "pages")
            try SQLiteOnlineBackup.backup(from: path, to: out) { pages.update($0, of: $1) }
            pages.finish()
        case .sqliteMemory:
            throw Abort(.badRequest, reason: "An in-memory database has nothing to back up")
        case let .postgres(url, searchPath):
            try PostgresTools.run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--verbose", "--file", out]
                                  + (searchPath.map { ["--schema", $0] } ?? []), url: url, console: console)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        console.info("Wrote \(out) (\(ByteCountFormatter.string(fromByteCount: Int64(size), countStyle: .file)))")
    }
}

/// A progress bar whose total is known once the work starts (the backup's page count).
final class PageProgress: @unchecked Sendable {
    private let console: any Console
    private let title: String
    private var bar: CommandProgress?

    init(console: any Console, title: String) {
        self.console = console
        self.title = title
    }

    func update(_ done: Int, of total: Int) {
        if bar == nil { bar = CommandProgress(console: console, total: total, title: title) }
        bar?.update(done)
    }

    func finish() { bar?.finish() }
}
