import NIOCore

/// One greeted (and, as configured, TLS-protected and authenticated) SMTP session that sends transactions.
///
/// Used by one send at a time (the pool guarantees it); every field is immutable, so it is Sendable.
final class SMTPConnection: Sendable {
    let transport: SMTPTransport
    let capabilities: SMTPCapabilities
    /// For logs: which connection of this mailer.
    let number: Int

    init(transport: SMTPTransport, capabilities: SMTPCapabilities, number: Int) {
        self.transport = transport
        self.capabilities = capabilities
        self.number = number
    }

    var isActive: Bool { transport.isActive }

    /// One transaction: [RSET] MAIL FROM, RCPT TO, DATA, the dot-stuffed message, "." and the final reply.
    /// With PIPELINING the commands up to DATA go out in one write and one round trip (RFC 2920); RSET first on a
    /// reused connection, so whatever the last transaction left behind cannot leak into this one.
    func send(_ message: MIMEMessage, resetFirst: Bool) async throws(SMTPError) {
        var data = transport.allocator.buffer(capacity: message.estimatedSize)
        let eightBit = message.write(into: &data, allow8Bit: capabilities.eightBitMIME, dotStuffed: true)
        data.writeStaticString(".\r\n")
        if let limit = capabilities.maximumSize, data.readableBytes > limit {
            throw .messageTooLarge(size: data.readableBytes, limit: limit)
        }

        var mail = "MAIL FROM:<\(message.sender)>"
        if capabilities.maximumSize != nil { mail += " SIZE=\(data.readableBytes)" }
        if eightBit { mail += " BODY=8BITMIME" }
        var commands: [(line: String, label: String)] = [(mail, "MAIL FROM"), ("RCPT TO:<\(message.recipient)>", "RCPT TO"),
                                                          ("DATA", "DATA")]
        if resetFirst { commands.insert(("RSET", "RSET"), at: 0) }
        func check(_ reply: SMTPReply, _ label: String) throws(SMTPError) {
            if label == "DATA" { try reply.expect(354, for: label) } else { try reply.expect(250, 251, for: label) }
        }

        if capabilities.pipelining {
            var batch = transport.allocator.buffer(capacity: 64 + mail.utf8.count + message.recipient.utf8.count)
            for command in commands {
                batch.writeString(command.line)
                batch.writeStaticString("\r\n")
            }
            let replies = try await transport.exchange(batch, expected: commands.count,
                                                       label: resetFirst ? "RSET, MAIL FROM, RCPT TO, DATA" : "MAIL FROM, RCPT TO, DATA")
            do throws(SMTPError) {
                for (reply, command) in zip(replies, commands) { try check(reply, command.label) }
            } catch {
                // A server that said 354 despite an earlier refusal gets an empty message end (RFC 2920 3.1).
                if replies.last?.code == 354 { _ = try? await transport.command(".", label: "end of DATA") }
                throw error
            }
        } else {
            // Without PIPELINING each command waits for its reply: the same commands, one round trip each.
            for command in commands { try check(await transport.command(command.line, label: command.label), command.label) }
        }
        try await transport.exchange(data, label: "end of DATA")[0].expect(250, for: "end of DATA")
    }

    /// QUIT and close; never throws (a connection that is already gone is simply gone).
    func quit() async {
        try? await transport.quit().get()
    }

    func abort() { transport.abort() }
}
