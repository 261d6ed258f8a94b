import Foundation
import Testing

/// A real server of the tests' own (`Tests/support/*.py`: an SMTP server, an SMS provider) started as a process on a
/// free port; it writes what it received as JSON lines to `outPath`.
final class TestServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let outPath: String

    /// Starts `Tests/support/<script>` with `arguments` and waits for its `READY <port>` line.
    init(script: String, arguments: [String] = []) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        outPath = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString).jsonl").path
        FileManager.default.createFile(atPath: outPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("support/\(script)").path, "--port", "0", "--out", outPath]
            + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        var line = Data()
        while true {
            let byte = stdout.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { throw TestServerFailure(script: script) }
            if byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6)) else { throw TestServerFailure(script: script) }
        self.port = port
    }

    /// The JSON lines written so far.
    func received() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: outPath, encoding: .utf8)
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: outPath)
    }
}

struct TestServerFailure: Error, CustomStringConvertible {
    let script: String
    var description: String { "Tests/support/\(script) did not start (is its Python package installed? scripts/install-test-deps.sh)" }
}
