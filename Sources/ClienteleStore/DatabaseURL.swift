import Foundation

/// Which database to open, read from `DATABASE_URL`.
public enum DatabaseURL: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory
    /// A PostgreSQL URL; `searchPath` puts every table in one schema (tests use one schema each).
    case postgres(url: String, searchPath: String? = nil)

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// `sqlite:///absolute/file.sqlite`, `sqlite://relative/file.sqlite`, `sqlite::memory:` or `postgres://…`.
    public static func parse(_ raw: String) throws -> DatabaseURL {
        if raw == "sqlite::memory:" || raw == "sqlite://:memory:" { return .sqliteMemory }
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw Invalid(description: "DATABASE_URL names no SQLite file") }
            return .sqliteFile(path: path)
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            return .postgres(url: raw)
        }
        throw Invalid(description: "DATABASE_URL must start with sqlite:// or postgres://")
    }

    public var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }
}
