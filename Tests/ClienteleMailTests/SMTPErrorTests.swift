@testable import ClienteleMail
import Testing

@Suite struct SMTPErrorTests {
    @Test func refusalsOfTheTransactionArePermanent() {
        for command in ["MAIL FROM", "RCPT TO", "DATA", "end of DATA"] {
            #expect(SMTPError.rejected(command: command, code: 550, text: "no").isPermanent, "\(command)")
            #expect(!SMTPError.rejected(command: command, code: 451, text: "later").isPermanent, "\(command)")
        }
        #expect(SMTPError.invalidMessage("header injection").isPermanent)
        #expect(SMTPError.messageTooLarge(size: 10, limit: 5).isPermanent)
    }

    @Test func configurationAndConnectionTroubleIsTransient() {
        let transient: [SMTPError] = [
            .rejected(command: "AUTH PLAIN", code: 535, text: "bad credentials"),
            .rejected(command: "MAIL FROM", code: 530, text: "authentication required"),
            .rejected(command: "EHLO", code: 554, text: "go away"),
            .rejected(command: "the greeting", code: 421, text: "busy"),
            .connectionFailed("refused"), .connectionLost("reset"), .timeout("slow"), .tls("untrusted"),
            .protocolViolation("garbage"), .invalidSettings("bad"), .shutDown,
        ]
        for error in transient { #expect(!error.isPermanent, "\(error)") }
    }

    @Test func descriptionCarriesCodeAndText() {
        let error = SMTPError.rejected(command: "RCPT TO", code: 550, text: "5.1.1 <x@y.z>: Recipient address rejected")
        #expect(error.description == "SMTP 550 in reply to RCPT TO: 5.1.1 <x@y.z>: Recipient address rejected")
        #expect(error.code == 550)
    }

    @Test func onlyAnsweredRefusalsKeepTheConnection() {
        #expect(SMTPError.rejected(command: "RCPT TO", code: 550, text: "").keepsConnection)
        #expect(!SMTPError.rejected(command: "end of DATA", code: 421, text: "").keepsConnection)
        #expect(!SMTPError.connectionLost("").keepsConnection)
        #expect(!SMTPError.timeout("").keepsConnection)
    }

    @Test func capabilitiesAreReadFromTheEHLOReply() {
        let reply = SMTPReply(code: 250, lines: ["mx.example.com greets you", "PIPELINING", "SIZE 1000000", "8BITMIME",
                                                 "STARTTLS", "AUTH=LOGIN", "AUTH plain CRAM-MD5", "HELP"])
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.pipelining && capabilities.eightBitMIME && capabilities.startTLS)
        #expect(capabilities.maximumSize == 1_000_000)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN", "CRAM-MD5"])
        #expect(SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["x", "SIZE 0"])).maximumSize == nil)
    }
}
