import Foundation
import SQLKit
import Vapor

/// `clientele restore FILE`: a backup (`clientele backup`) into the empty database `DATABASE_URL` names — refused when
/// it holds any table, so that nothing is ever overwritten. Start the server on it afterwards; migrations newer than
/// the backup run then.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The backup to restore") var file: String
    }

    var help: String { "Restores a backup into an empty database" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let console = context.console
        guard FileManager.default.fileExists(atPath: signature.file) else {
            throw Abort(.badRequest, reason: "\(signature.file) does not exist")
        }
        switch context.application.config.database {
        case let .sqliteFile(path):
            let pages = PageProgress(console: console, title: "pages")
            try SQLiteOnlineBackup.restore(from: signature.file, to: path) { pages.update($0, of: $1) }
            pages.finish()
            console.info("Restored \(signature.file) into \(path)")
        case .sqliteMemory:
            throw Abort(.badRequest, reason: "Restore into a database file: set DATABASE_URL=sqlite:///path/file.sqlite")
        case let .postgres(url, searchPath):
            let tables = try await (context.application.db as! any SQLDatabase).raw("""
                SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard tables == 0 else {
                throw Abort(.conflict, reason: "The database holds \(tables) tables; restore only into an empty database")
            }
            try PostgresTools.run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--verbose", signature.file]
                                  + (searchPath.map { ["--schema", $0] } ?? []), url: url, console: console)
            console.info("Restored \(signature.file)")
        }
    }
}
