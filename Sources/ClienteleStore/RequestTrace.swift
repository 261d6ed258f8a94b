import FluentKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SQLKit

/// The request id of the HTTP request a statement serves, carried into PostgreSQL so a slow query in
/// `pg_stat_activity` or the server's log leads back to its request line in the application's log: a writing
/// transaction sets `application_name` to `clientele rid=<id>` for its own duration (`SET LOCAL`), and the hot reads
/// of `SQLRows` start with a comment `/* rid=<id> */`. Ids are plain ASCII (the HTTP layer replaces anything else), so
/// they cannot close the comment.
public enum RequestTrace {
    @TaskLocal public static var id: String?

    /// `/* rid=<id> */ ` for the current request, or nothing outside one.
    public static var comment: String {
        guard let id, isPlain(id) else { return "" }
        return "/* rid=\(id) */ "
    }

    /// Inside a PostgreSQL transaction: names it after the request until it ends.
    public static func tagTransaction(_ database: any Database) async throws {
        guard let id, isPlain(id), SQLDialectKind(database) == .postgres else { return }
        _ = try await database.sql.raw("SELECT set_config('application_name', \(bind: applicationName(for: id)), true)").all()
    }

    /// The `application_name` of a transaction serving the request `id`.
    static func applicationName(for id: String) -> String {
        String("clientele rid=\(id)".prefix(63))
    }

    /// The one rule for a request id: 1–128 ASCII letters, digits and `-_.:`. The HTTP layer keeps a caller's
    /// `X-Request-Id` only when it passes, so nothing else reaches a comment or `application_name`.
    /// Checked on the UTF-8 bytes: it runs for every statement (the comment), and `Character`'s Unicode properties
    /// cost about 1 % of a create's CPU.
    public static func isPlain(_ id: String) -> Bool {
        let bytes = id.utf8
        return (1...128).contains(bytes.count) && bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"): true
            default: false
            }
        }
    }
}

/// Each PostgreSQL connection of this process says whose it is (`application_name`), so `/metrics` can count its
/// connections in `pg_stat_activity` and an operator can tell instances apart.
public enum PostgresApplicationName {
    public static let instance: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0 ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).prefix(32) : "host"
        return String("clientele \(host):\(ProcessInfo.processInfo.processIdentifier)".prefix(63))
    }()
}
