import Foundation
import Vapor

/// PostgreSQL's client programs (`pg_dump`, `pg_restore`): found on the PATH, else in Debian's
/// `/usr/lib/postgresql/<version>/bin` (the newest), and run with their messages shown as they come (`--verbose`
/// names each table as it goes: the progress of a long dump).
enum PostgresTools {
    static func path(of program: String) -> String? {
        let fileManager = FileManager.default
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        let versions = ((try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        return versions.map { "/usr/lib/postgresql/\($0)/bin/\(program)" }.first { fileManager.isExecutableFile(atPath: $0) }
    }

    /// Runs `program` with `arguments`; `url` goes as `--dbname` without its password, which goes in `PGPASSWORD`
    /// instead: a command line is visible to every user of the machine.
    static func run(_ program: String, _ arguments: [String], url: String, console: any Console) throws {
        guard let executable = path(of: program) else {
            throw Abort(.internalServerError, reason: "\(program) was not found: install PostgreSQL's client programs (postgresql-client)")
        }
        var environment = ProcessInfo.processInfo.environment
        var dbname = url
        if var components = URLComponents(string: url), let password = components.password {
            environment["PGPASSWORD"] = password
            components.password = nil
            dbname = components.string ?? url
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--dbname", dbname]
        process.environment = environment
        let messages = Pipe()
        process.standardError = messages
        process.standardOutput = messages
        try process.run()
        let reader = messages.fileHandleForReading
        var pending = Data()
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                console.info(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                pending.removeSubrange(pending.startIndex...newline)
            }
        }
        if !pending.isEmpty { console.info(String(decoding: pending, as: UTF8.self)) }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Abort(.internalServerError, reason: "\(program) failed (exit status \(process.terminationStatus))")
        }
    }
}
