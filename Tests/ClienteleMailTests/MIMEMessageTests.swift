@testable import ClienteleMail
import Foundation
import Testing

@Suite struct MIMEMessageTests {
    private func message(subject: String = "Hello", text: String = "Hi there.\n", html: String? = nil,
                         headers: [(name: String, value: String)] = []) -> MailMessage {
        MailMessage(to: "Bob Example <bob@example.com>", subject: subject, text: text, html: html,
                    messageID: "0193a1b2-c3d4@clientele", headers: headers, date: Date(timeIntervalSince1970: 1_733_240_040))
    }

    private func render(_ message: MailMessage, allow8Bit: Bool = false, dotStuffed: Bool = false) throws -> String {
        try MIMEMessage(message, defaultFrom: "Clientele <noreply@clientele.test>").rendered(allow8Bit: allow8Bit, dotStuffed: dotStuffed)
    }

    @Test func writesTheRFC5322Headers() throws {
        let raw = try render(message(headers: [("List-Unsubscribe", "<https://x.test/u/1>"),
                                               ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]))
        let head = raw.components(separatedBy: "\r\n\r\n")[0]
        #expect(head.components(separatedBy: "\r\n") == [
            "Date: Tue, 03 Dec 2024 15:34:00 +0000",
            "From: Clientele <noreply@clientele.test>",
            "To: Bob Example <bob@example.com>",
            "Subject: Hello",
            "Message-ID: <0193a1b2-c3d4@clientele>",
            "MIME-Version: 1.0",
            "List-Unsubscribe: <https://x.test/u/1>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 7bit",
        ])
        #expect(raw.hasSuffix("\r\n\r\nHi there.\r\n"))
    }

    @Test func formatsDatesInUTC() {
        #expect(MIMEEncoding.date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(MIMEEncoding.date(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(MIMEEncoding.date(Date(timeIntervalSince1970: 4_102_444_799)) == "Thu, 31 Dec 2099 23:59:59 +0000")
    }

    @Test func encodesANonASCIISubjectAsFoldedEncodedWords() throws {
        let subject = "Grüße aus Köln – Ihre Bestätigung für den Termin am Dienstag ✓ 🎉 und noch etwas mehr Text"
        let raw = try render(message(subject: subject))
        let lines = raw.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject: ") })
        var words: [String] = [String(lines[start].dropFirst("Subject: ".count))]
        for line in lines[(start + 1)...] where line.hasPrefix(" ") { words.append(String(line.dropFirst())) }
        #expect(words.count > 1, "a long subject is folded")
        var decoded = Data()
        for word in words {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.count <= 75)
            decoded += try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
        }
        #expect(String(decoding: decoded, as: UTF8.self) == subject)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func foldsALongASCIISubjectAtSpaces() throws {
        let subject = Array(repeating: "word", count: 40).joined(separator: " ")
        let head = try render(message(subject: subject)).components(separatedBy: "\r\n\r\n")[0]
        #expect(head.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(head.contains("Subject: \(subject.prefix(20))"))
        #expect(head.replacingOccurrences(of: "\r\n ", with: " ").contains("Subject: \(subject)\r\n"))
    }

    @Test func usesQuotedPrintableForNonASCIIAndLongLinesWithout8BITMIME() throws {
        let longLine = String(repeating: "abcdefghij ", count: 30) + "end"
        let text = "Grüße, café ☕ = fine\n\(longLine)\ntrailing space \n"
        let raw = try render(message(text: text))
        #expect(raw.contains("Content-Transfer-Encoding: quoted-printable\r\n"))
        let body = raw.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        #expect(body.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(body.contains("Gr=C3=BC=C3=9Fe, caf=C3=A9 =E2=98=95 =3D fine"))
        #expect(body.contains("trailing space=20\r\n"))
        #expect(decodeQuotedPrintable(body) == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func sends8BitWhenTheServerTakesIt() throws {
        let raw = try render(message(text: "Grüße\n"), allow8Bit: true)
        #expect(raw.contains("Content-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n"))
    }

    @Test func buildsMultipartAlternativeTextThenHTML() throws {
        let raw = try render(message(text: "Plain ü", html: "<p>Rich ü</p>"))
        let boundary = try #require(raw.firstMatch(of: /boundary="([^"]+)"/)?.1)
        let parts = raw.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4)  // preamble, text, html, "--" epilogue
        #expect(parts[1].contains("Content-Type: text/plain; charset=utf-8") && parts[1].contains("Plain =C3=BC"))
        #expect(parts[2].contains("Content-Type: text/html; charset=utf-8") && parts[2].contains("<p>Rich =C3=BC</p>"))
        #expect(parts[3] == "--\r\n")
    }

    @Test(arguments: [false, true])
    func dotStuffsLinesThatStartWithADot(allow8Bit: Bool) throws {
        let text = ".\n.hidden\n..two\nplain ü\n."
        let raw = try render(message(text: text), allow8Bit: allow8Bit, dotStuffed: true)
        let body = raw.components(separatedBy: "\r\n\r\n")[1]
        let lines = body.components(separatedBy: "\r\n").dropLast()
        #expect(lines.first == "..")
        #expect(lines.contains("..hidden") && lines.contains("...two") && lines.last == "..")
        #expect(!lines.contains("."), "a lone dot would end DATA")
    }

    @Test(arguments: [
        ("subject", "Hi\r\nBcc: victim@example.com"),
        ("to", "bob@example.com\nBcc: victim@example.com"),
        ("from", "x@y.z\r\nBcc: victim@example.com"),
        ("header", "<https://x>\r\nBcc: victim@example.com"),
        ("headerName", "X-Evil\r\nBcc"),
        ("messageID", "id@x>\r\nBcc: <victim@example.com"),
    ])
    func refusesHeaderInjection(field: String, value: String) {
        var mail = message()
        switch field {
        case "subject": mail.subject = value
        case "to": mail.to = value
        case "from": mail.from = value
        case "header": mail.headers = [("List-Unsubscribe", value)]
        case "headerName": mail.headers = [(value, "x")]
        default: mail.messageID = value
        }
        #expect {
            _ = try MIMEMessage(mail, defaultFrom: "noreply@clientele.test")
        } throws: { error in
            guard let error = error as? SMTPError, case .invalidMessage = error else { return false }
            return error.isPermanent
        }
    }

    @Test func refusesExtraHeadersTheMailerSetsItself() {
        #expect(throws: SMTPError.self) {
            _ = try MIMEMessage(message(headers: [("Subject", "again")]), defaultFrom: "noreply@clientele.test")
        }
    }

    @Test func quotesOrEncodesDisplayNames() throws {
        var mail = message()
        mail.to = "\"Lee, Ann\" <ann@example.com>"
        mail.from = "Café Team <team@example.com>"
        let head = try render(mail).components(separatedBy: "\r\n\r\n")[0]
        #expect(head.contains("To: \"Lee, Ann\" <ann@example.com>\r\n"))
        #expect(head.contains("From: =?UTF-8?B?Q2Fmw6kgVGVhbQ==?= <team@example.com>\r\n"))
    }
}

/// A small RFC 2045 quoted-printable decoder, independent of the encoder under test.
private func decodeQuotedPrintable(_ text: String) -> String {
    var bytes: [UInt8] = []
    let input = Array(text.utf8)
    var index = 0
    while index < input.count {
        if input[index] == UInt8(ascii: "="), index + 2 < input.count || index + 1 < input.count {
            if input[index + 1] == UInt8(ascii: "\r"), index + 2 < input.count, input[index + 2] == UInt8(ascii: "\n") {
                index += 3  // soft line break
                continue
            }
            if let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
                continue
            }
        }
        bytes.append(input[index])
        index += 1
    }
    return String(decoding: bytes, as: UTF8.self)
}
