import ClienteleMail
import Foundation
import Testing

/// Connection reuse and concurrency, counted by the server.
@Suite struct SMTPMailerPoolTests {
    static func mail(_ number: Int, prefix: String) -> MailMessage {
        MailMessage(to: "reader\(number)@example.com", subject: "Message \(number)", text: "Number \(number).\n",
                    html: "<p>Number \(number).</p>", messageID: "\(prefix)-\(number)@clientele.test")
    }

    /// Sends `count` messages from `senders` concurrent tasks through one mailer.
    static func send(_ count: Int, senders: Int, prefix: String, through mailer: SMTPMailer) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for sender in 0..<senders {
                group.addTask {
                    for number in stride(from: sender, to: count, by: senders) {
                        try await mailer.send(mail(number, prefix: prefix))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test(arguments: [[], ["--no-pipelining"]])
    func fiftyMessagesReuseAtMostTwoConnections(serverFlags: [String]) async throws {
        let server = try await SMTPTestServer.start(serverFlags)
        defer { server.stop() }
        try await server.withMailer(configure: { $0.poolSize = 2 }) { mailer in
            try await Self.send(50, senders: 5, prefix: "reuse", through: mailer)
        }
        let received = try server.messages()
        #expect(received.count == 50)
        #expect(Set(received.compactMap(\.messageId)) == Set((0..<50).map { "<reuse-\($0)@clientele.test>" }))
        #expect(Set(received.map(\.connection)).count <= 2)
        #expect(received.map(\.connections).max() ?? 0 <= 2)
    }

    @Test func twentyConcurrentSendsArriveExactlyOnce() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try await server.withMailer { mailer in
            try await Self.send(20, senders: 20, prefix: "concurrent", through: mailer)
        }
        let received = try server.messages()
        #expect(received.count == 20)
        #expect(Set(received.compactMap(\.messageId)) == Set((0..<20).map { "<concurrent-\($0)@clientele.test>" }))
        #expect(Set(received.map { $0.rcptTos }) .count == 20)
        #expect(received.map(\.connections).max() ?? 0 <= 4, "poolSize 4 by default")
    }

    @Test func idleConnectionsAreClosedWithQUIT() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try await server.withMailer(configure: { $0.idleTimeout = .milliseconds(200) }) { mailer in
            try await mailer.send(Self.mail(1, prefix: "idle"))
            try await Task.sleep(for: .milliseconds(900))
            try await mailer.send(Self.mail(2, prefix: "idle"))
        }
        let received = try server.messages()
        #expect(received.map(\.connection) == [1, 2], "the idle connection was closed, the next send opened another")
        #expect(received.last?.quits == 1, "closed politely")
    }

    /// A regression to a connect per message shows up here as connections (speed is the benchmark's to measure).
    @Test func twoHundredConcurrentMessagesShareThePooledConnections() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try await server.withMailer { mailer in
            try await Self.send(200, senders: 8, prefix: "bulk", through: mailer)
        }
        let received = try server.messages()
        #expect(received.count == 200)
        #expect(Set(received.compactMap(\.messageId)).count == 200)
        #expect(received.map(\.connections).max() ?? 0 <= 4)
    }

    @Test func aiosmtpdIsInstalled() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import aiosmtpd"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the SMTP tests need aiosmtpd: pip install aiosmtpd")
    }
}
