import Foundation
import Vapor

/// Where uploaded import files wait for their job, and how large one may be.
struct ImportSettings: Sendable {
    /// 2 GiB of garbage must not fill the disk: uploads above this are refused with 413 while streaming.
    static let defaultMaxBytes = 200 * 1024 * 1024

    var directory: URL
    var maxBytes: Int

    /// `CLIENTELE_DATA_DIR` (default: the SQLite file's directory, else `data`) + `/imports`;
    /// `CLIENTELE_MAX_IMPORT_BYTES`.
    static func fromEnvironment(database: DatabaseURL) -> ImportSettings {
        let env = ProcessInfo.processInfo.environment
        let base: URL
        if let dir = env["CLIENTELE_DATA_DIR"], !dir.isEmpty {
            base = URL(fileURLWithPath: dir)
        } else if case let .sqliteFile(path) = database {
            base = URL(fileURLWithPath: path).deletingLastPathComponent()
        } else if case .sqliteMemory = database {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("clientele-\(UUID().uuidString)")
        } else {
            base = URL(fileURLWithPath: "data")
        }
        let maxBytes = env["CLIENTELE_MAX_IMPORT_BYTES"].flatMap(Int.init) ?? defaultMaxBytes
        return ImportSettings(directory: base.appendingPathComponent("imports"), maxBytes: maxBytes)
    }

    func newFile() throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("\(UUID().uuidString).csv")
    }
}

extension Application {
    private struct ImportSettingsKey: StorageKey { typealias Value = ImportSettings }

    var importSettings: ImportSettings {
        get {
            if let settings = storage[ImportSettingsKey.self] { return settings }
            let settings = ImportSettings.fromEnvironment(database: config.database)
            storage[ImportSettingsKey.self] = settings
            return settings
        }
        set { storage[ImportSettingsKey.self] = newValue }
    }
}
