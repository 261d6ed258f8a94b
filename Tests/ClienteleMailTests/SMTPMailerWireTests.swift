import ClienteleMail
import Foundation
import Testing

/// What arrives at a real SMTP server (aiosmtpd), read back the way a mail program would (Python's email module).
@Suite struct SMTPMailerWireTests {
    static let subject = "Grüße aus Köln – Ihre Bestätigung für Dienstag ✓ 🎉 mit etwas mehr Text"
    static let text = "Hallo Jürgen,\n\nIhr Termin ist bestätigt.\n" + String(repeating: "Lorem ipsum dolor sit amet ", count: 12) + "\n"
    static let html = "<p>Hallo Jürgen,</p>\n<p>Ihr Termin ist <b>bestätigt</b>.</p>\n"

    static func mail(id: String, to: String = "Jürgen Müller <juergen@example.com>", text: String = text,
                     html: String? = html) -> MailMessage {
        MailMessage(to: to, subject: subject, text: text, html: html, messageID: id,
                    headers: [("List-Unsubscribe", "<https://clientele.test/u/\(id)>, <mailto:unsubscribe@clientele.test>"),
                              ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")])
    }

    /// 8bit when the server announces 8BITMIME, quoted-printable when it does not; without PIPELINING too.
    @Test(arguments: [[], ["--no-8bitmime"], ["--no-pipelining"]])
    func deliversHeadersAndBothAlternativeParts(serverFlags: [String]) async throws {
        let server = try await SMTPTestServer.start(serverFlags)
        defer { server.stop() }
        try await server.withMailer { try await $0.send(Self.mail(id: "wire-1@clientele.test")) }

        let received = try server.messages()
        try #require(received.count == 1)
        let mail = received[0]
        #expect(mail.mailFrom == "noreply@clientele.test")
        #expect(mail.rcptTos == ["juergen@example.com"])
        #expect(mail.messageId == "<wire-1@clientele.test>")
        #expect(mail.header("Message-ID") == "<wire-1@clientele.test>")
        #expect(mail.header("From") == "Clientele <noreply@clientele.test>")
        #expect(mail.header("To") == "Jürgen Müller <juergen@example.com>")
        #expect(mail.header("Subject") == Self.subject)
        #expect(mail.rawHeaderBlock.contains("Subject: =?UTF-8?B?"))
        let date = try #require(mail.header("Date"))
        #expect(date.wholeMatch(of: /(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000/) != nil)
        #expect(mail.header("List-Unsubscribe") == "<https://clientele.test/u/wire-1@clientele.test>, <mailto:unsubscribe@clientele.test>")
        #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(mail.header("MIME-Version") == "1.0")

        let parsed = try #require(mail.parsed)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.contentType == "multipart/alternative")
        #expect(parsed.parts.map(\.contentType) == ["text/plain", "text/html"])
        #expect(parsed.parts.allSatisfy { $0.charset == "utf-8" })
        #expect(parsed.parts.first?.text == Self.text.trimmingCharacters(in: .newlines))
        #expect(parsed.parts.last?.text == Self.html.trimmingCharacters(in: .newlines))

        let raw = try #require(mail.raw)
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF on the wire")
        if serverFlags.contains("--no-8bitmime") {
            #expect(parsed.parts.allSatisfy { $0.transferEncoding == "quoted-printable" })
            #expect(!mail.mailOptions.contains("BODY=8BITMIME"))
            #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        } else {
            #expect(parsed.parts.allSatisfy { $0.transferEncoding == "8bit" })
            #expect(mail.mailOptions.contains("BODY=8BITMIME"))
        }
    }

    @Test func quotedPrintableCarriesNonASCIIAndLongLinesIntact() async throws {
        let server = try await SMTPTestServer.start(["--no-8bitmime"])
        defer { server.stop() }
        let longLine = (1...60).map { "wort\($0)" }.joined(separator: " ") + " = ende"
        let text = "Überweisung: 12 € ✓\n\(longLine)\nTabs\tand trailing blanks  \n" + String(repeating: "x", count: 1500)
        try await server.withMailer { try await $0.send(Self.mail(id: "qp@clientele.test", text: text, html: nil)) }

        let mail = try #require(try server.messages().first)
        let part = try #require(mail.parsed?.parts.first)
        #expect(part.transferEncoding == "quoted-printable")
        #expect(part.text == text)
        #expect(try #require(mail.raw).components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    /// A line that is "." would end DATA early; lines starting with "." must lose nothing.
    @Test(arguments: [[], ["--no-8bitmime"]])
    func dotStuffingKeepsLinesThatStartWithADot(serverFlags: [String]) async throws {
        let server = try await SMTPTestServer.start(serverFlags)
        defer { server.stop() }
        let text = ".\n.hidden line\n..two dots\nmiddle ü\n.\nafter the dot\n."
        try await server.withMailer { mailer in
            try await mailer.send(Self.mail(id: "dots@clientele.test", text: text, html: ".\n<p>.html</p>"))
        }
        let parts = try #require(try server.messages().first?.parsed?.parts)
        #expect(parts.first?.text == text)
        #expect(parts.last?.text == ".\n<p>.html</p>")
    }

    @Test func plainTextOnlyIsASingleTextPart() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        try await server.withMailer { try await $0.send(Self.mail(id: "plain@clientele.test", text: "Just text.\n", html: nil)) }
        let mail = try #require(try server.messages().first)
        #expect(mail.parsed?.contentType == "text/plain")
        #expect(mail.parsed?.parts.map(\.text) == ["Just text."])
        #expect(mail.parsed?.parts.first?.transferEncoding == "7bit")
    }

    @Test func headerInjectionIsRefusedAndNothingIsSent() async throws {
        let server = try await SMTPTestServer.start()
        defer { server.stop() }
        var injected: [MailMessage] = []
        var bySubject = Self.mail(id: "inject-1@clientele.test")
        bySubject.subject = "Hello\r\nBcc: victim@example.com"
        injected.append(bySubject)
        injected.append(Self.mail(id: "inject-2@clientele.test", to: "bob@example.com\r\nBcc: victim@example.com"))
        var byHeader = Self.mail(id: "inject-3@clientele.test")
        byHeader.headers = [("List-Unsubscribe", "<https://x>\nBcc: victim@example.com")]
        injected.append(byHeader)
        try await server.withMailer { mailer in
            for mail in injected {
                await #expect {
                    try await mailer.send(mail)
                } throws: { error in
                    guard let error = error as? SMTPError, case .invalidMessage = error else { return false }
                    return error.isPermanent && "\(error)".contains("injection")
                }
            }
        }
        #expect(try server.messages().isEmpty)
    }

    @Test func fallsBackToHELOWhenEHLOIsUnknown() async throws {
        let server = try await SMTPTestServer.start(["--no-ehlo"])
        defer { server.stop() }
        try await server.withMailer { try await $0.send(Self.mail(id: "helo@clientele.test")) }
        let mail = try #require(try server.messages().first)
        #expect(mail.mailOptions.isEmpty, "no ESMTP parameters after HELO")
        #expect(mail.parsed?.parts.first?.transferEncoding == "quoted-printable")
        #expect(mail.header("Subject") == Self.subject)
    }
}
