import ClienteleMail
import Foundation
import Testing

/// STARTTLS, implicit TLS and AUTH against the real server.
@Suite struct SMTPMailerSecurityTests {
    static func mail(_ id: String) -> MailMessage {
        MailMessage(to: "bob@example.com", subject: "Secure", text: "Over TLS.\n", messageID: id)
    }

    @Test func startTLSTrustingTheSelfSignedCertificate() async throws {
        let server = try await SMTPTestServer.start(try TestCertificate.serverArguments())
        defer { server.stop() }
        let certificate = try TestCertificate.shared.get().certificate
        try await server.withMailer(host: "localhost", query: "?tls_ca_file=\(certificate)&starttls=required") {
            try await $0.send(Self.mail("starttls-trusted@clientele.test"))
        }
        let mail = try #require(try server.messages().first)
        #expect(mail.tls)
        #expect(mail.messageId == "<starttls-trusted@clientele.test>")
    }

    @Test func startTLSWithVerificationOff() async throws {
        let server = try await SMTPTestServer.start(try TestCertificate.serverArguments())
        defer { server.stop() }
        try await server.withMailer(configure: { $0.certificateVerification = .none }) {
            try await $0.send(Self.mail("starttls-noverify@clientele.test"))
        }
        #expect(try server.messages().first?.tls == true)
    }

    @Test func anUntrustedCertificateIsATransientTLSError() async throws {
        let server = try await SMTPTestServer.start(try TestCertificate.serverArguments())
        defer { server.stop() }
        try await server.withMailer(host: "localhost") { mailer in
            await #expect {
                try await mailer.send(Self.mail("untrusted@clientele.test"))
            } throws: { error in
                guard let error = error as? SMTPError, case .tls = error else { return false }
                return !error.isPermanent
            }
        }
        #expect(try server.messages().isEmpty)
    }

    @Test func requiredTLSWithoutSTARTTLSIsRefused() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try await server.withMailer(query: "?starttls=required") { mailer in
            await #expect {
                try await mailer.send(Self.mail("no-tls@clientele.test"))
            } throws: { error in
                guard let error = error as? SMTPError, case .tls = error else { return false }
                return !error.isPermanent && "\(error)".contains("STARTTLS")
            }
        }
        #expect(try server.messages().isEmpty)
    }

    @Test func implicitTLS() async throws {
        let server = try await SMTPTestServer.start(try TestCertificate.serverArguments() + ["--implicit-tls"])
        defer { server.stop() }
        try await server.withMailer(scheme: "smtps", query: "?tls_verify=false") {
            try await $0.send(Self.mail("smtps@clientele.test"))
        }
        let mail = try #require(try server.messages().first)
        #expect(mail.tls)
    }

    @Test(arguments: ["PLAIN", "LOGIN"])
    func authenticatesWithPercentDecodedCredentials(mechanism: String) async throws {
        let server = try await SMTPTestServer.start(["--auth", "mailer@clientele.test:p@ss:w/rd ü", "--auth-mechanisms", mechanism])
        defer { server.stop() }
        try await server.withMailer(userInfo: "mailer%40clientele.test:p%40ss%3Aw%2Frd%20%C3%BC@") {
            try await $0.send(Self.mail("auth-\(mechanism)@clientele.test"))
        }
        let mail = try #require(try server.messages().first)
        #expect(mail.authLogin == "mailer@clientele.test")
    }

    @Test func authOverSTARTTLS() async throws {
        let server = try await SMTPTestServer.start(try TestCertificate.serverArguments() + ["--auth", "ann:secret"])
        defer { server.stop() }
        try await server.withMailer(userInfo: "ann:secret@", query: "?tls_verify=false") {
            try await $0.send(Self.mail("auth-tls@clientele.test"))
        }
        let mail = try #require(try server.messages().first)
        #expect(mail.tls && mail.authLogin == "ann")
    }

    @Test func aWrongPasswordIsATransientErrorMentioning535() async throws {
        let server = try await SMTPTestServer.start(["--auth", "ann:right"])
        defer { server.stop() }
        try await server.withMailer(userInfo: "ann:wrong-password@") { mailer in
            await #expect {
                try await mailer.send(Self.mail("badauth@clientele.test"))
            } throws: { error in
                guard let error = error as? SMTPError else { return false }
                let description = "\(error)"
                return !error.isPermanent && description.contains("535") && !description.contains("wrong-password")
            }
        }
        #expect(try server.messages().isEmpty)
    }

    @Test func missingCredentialsAreATransientConfigurationError() async throws {
        let server = try await SMTPTestServer.start(["--auth", "ann:right"])
        defer { server.stop() }
        try await server.withMailer { mailer in
            await #expect {
                try await mailer.send(Self.mail("noauth@clientele.test"))
            } throws: { error in
                (error as? SMTPError)?.code == 530 && !(error as! SMTPError).isPermanent
            }
        }
    }
}
