import ClienteleMail
import Testing

@Suite struct MailMessageTests {
    @Test func keepsExtraHeadersInOrder() {
        let message = MailMessage(to: "a@example.com", subject: "s", text: "t", messageID: "1@x",
                                  headers: [("List-Unsubscribe", "<https://x/u>"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")])
        #expect(message.headers.map(\.name) == ["List-Unsubscribe", "List-Unsubscribe-Post"])
    }
}
