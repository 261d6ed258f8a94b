import ClienteleMail
import Foundation
import Testing

/// Refusals, temporary failures and broken connections: what the outbox sees, and that the mailer recovers.
@Suite struct SMTPMailerFailureTests {
    static func mail(_ id: String, to: String = "bob@example.com") -> MailMessage {
        MailMessage(to: to, subject: "Failure modes", text: "Body of \(id).\n", messageID: id)
    }

    @Test func aConnectionDroppedMidDATAIsTransientAndTheRetrySucceeds() async throws {
        let server = try await SMTPTestServer.start(["--drop-during-data", "1"])
        defer { server.stop() }
        try await server.withMailer(configure: { $0.poolSize = 1 }) { mailer in
            await #expect {
                try await mailer.send(Self.mail("dropped@clientele.test"))
            } throws: { error in
                guard let error = error as? SMTPError, case .connectionLost = error else { return false }
                return !error.isPermanent
            }
            try await mailer.send(Self.mail("dropped@clientele.test"))
        }
        let received = try server.messages()
        #expect(received.map(\.messageId) == ["<dropped@clientele.test>"])
        #expect(received.first?.connections == 2, "the broken connection was replaced")
    }

    /// After a refused recipient the same connection carries on (RSET), with and without PIPELINING.
    @Test(arguments: [[], ["--no-pipelining"]])
    func aRefusedRecipientIsPermanentAndTheConnectionIsReused(serverFlags: [String]) async throws {
        let server = try await SMTPTestServer.start(["--reject-rcpt", "blocked"] + serverFlags)
        defer { server.stop() }
        try await server.withMailer(configure: { $0.poolSize = 1 }) { mailer in
            await #expect {
                try await mailer.send(Self.mail("refused@clientele.test", to: "blocked@example.com"))
            } throws: { error in
                guard let error = error as? SMTPError else { return false }
                let description = "\(error)"
                return error.isPermanent && error.code == 550 && description.contains("RCPT TO") && description.contains("rejected")
            }
            try await mailer.send(Self.mail("accepted-1@clientele.test"))
            try await mailer.send(Self.mail("accepted-2@clientele.test"))
        }
        let received = try server.messages()
        #expect(received.map(\.messageId) == ["<accepted-1@clientele.test>", "<accepted-2@clientele.test>"])
        #expect(received.allSatisfy { $0.rcptTos == ["bob@example.com"] && $0.connections == 1 })
    }

    @Test func aTemporaryFailureIsTransientAndTheRetrySucceeds() async throws {
        let server = try await SMTPTestServer.start(["--tempfail-first", "1"])
        defer { server.stop() }
        try await server.withMailer { mailer in
            await #expect {
                try await mailer.send(Self.mail("tempfail@clientele.test"))
            } throws: { error in
                guard let error = error as? SMTPError else { return false }
                return !error.isPermanent && error.code == 451 && "\(error)".contains("end of DATA")
            }
            try await mailer.send(Self.mail("tempfail@clientele.test"))
        }
        let received = try server.messages()
        #expect(received.map(\.messageId) == ["<tempfail@clientele.test>"])
        #expect(received.first?.connections == 1)
    }

    @Test func aRefusedConnectionIsTransient() async throws {
        let port = try await TestPorts.closed()
        var settings = try SMTPSettings(url: "smtp://127.0.0.1:\(port)", from: "noreply@clientele.test")
        settings.connectTimeout = .seconds(2)
        let mailer = SMTPMailer(settings: settings, eventLoopGroup: .singletonMultiThreadedEventLoopGroup)
        await #expect {
            try await mailer.send(Self.mail("refused-connection@clientele.test"))
        } throws: { error in
            guard let error = error as? SMTPError, case .connectionFailed = error else { return false }
            return !error.isPermanent && "\(error)".contains("127.0.0.1:\(port)")
        }
        await mailer.shutdown()
    }

    @Test func aSilentServerTimesOutTransiently() async throws {
        try await TestPorts.withSilentListener { port in
            var settings = try SMTPSettings(url: "smtp://127.0.0.1:\(port)", from: "noreply@clientele.test")
            settings.commandTimeout = .milliseconds(300)
            let mailer = SMTPMailer(settings: settings, eventLoopGroup: .singletonMultiThreadedEventLoopGroup)
            await #expect {
                try await mailer.send(Self.mail("silent@clientele.test"))
            } throws: { error in
                guard let error = error as? SMTPError, case .timeout = error else { return false }
                return !error.isPermanent && "\(error)".contains("greeting")
            }
            await mailer.shutdown()
        }
    }

    @Test func sendsAfterShutdownAreRefused() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try await server.withMailer { mailer in
            try await mailer.send(Self.mail("before-shutdown@clientele.test"))
            await mailer.shutdown()
            await #expect(throws: SMTPError.shutDown) {
                try await mailer.send(Self.mail("after-shutdown@clientele.test"))
            }
        }
        #expect(try server.messages().count == 1)
    }
}
