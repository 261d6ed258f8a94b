import ClienteleMail
import Foundation
import NIOPosix

/// Tests/support/smtp_server.py (aiosmtpd) as a subprocess on a free port: what the mailer sends, seen on the wire.
///
/// `start` waits for the script's "READY <port>" line; a server that cannot start (aiosmtpd missing, a bad flag)
/// throws with its stderr, so the test fails rather than skips. Call `stop()` when done (a `defer` right after start).
final class SMTPTestServer {
    let port: Int
    let directory: URL
    private let process: Process

    static let script = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("support/smtp_server.py")

    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    private init(port: Int, directory: URL, process: Process) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// Starts the server with `arguments` (e.g. `["--reject-rcpt", "blocked"]`); `--parse` is always on.
    static func start(_ arguments: [String] = []) async throws -> SMTPTestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stdout = directory.appendingPathComponent("stdout.txt"), stderr = directory.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--port", "0", "--out", directory.appendingPathComponent("messages.jsonl").path,
                             "--parse"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let output = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }), let port = Int(line.dropFirst(6)) {
                return SMTPTestServer(port: port, directory: directory, process: process)
            }
            if !process.isRunning {
                let errors = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
                throw StartFailure(description: "smtp_server.py \(arguments.joined(separator: " ")) exited with status "
                    + "\(process.terminationStatus) before READY (CI must `pip install aiosmtpd`): \(errors)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw StartFailure(description: "smtp_server.py did not print READY within 20 s")
    }

    /// Every message the server accepted so far, in order (each is flushed before the server's 250).
    func messages() throws -> [ReceivedMail] {
        let url = directory.appendingPathComponent("messages.jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try decoder.decode(ReceivedMail.self, from: Data($0.utf8))
        }
    }

    /// A mailer for this server; `query` is appended to the URL, `configure` adjusts the parsed settings.
    @discardableResult
    func withMailer<T>(scheme: String = "smtp", userInfo: String = "", host: String = "127.0.0.1", query: String = "",
                       configure: (inout SMTPSettings) -> Void = { _ in },
                       _ body: (SMTPMailer) async throws -> T) async throws -> T {
        var settings = try SMTPSettings(url: "\(scheme)://\(userInfo)\(host):\(port)\(query)", from: "Clientele <noreply@clientele.test>")
        settings.commandTimeout = .seconds(5)
        configure(&settings)
        let mailer = SMTPMailer(settings: settings, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        do {
            let result = try await body(mailer)
            await mailer.shutdown()
            return result
        } catch {
            await mailer.shutdown()
            throw error
        }
    }

    /// SIGTERM (the script flushes and exits), SIGKILL if it is still there after 3 s.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
