import NIOCore
import NIOSSL

/// Matches replies to what was sent: each exchange writes its commands in one flush and waits for its N replies,
/// under a timeout. Any failure (timeout, error, close) fails every waiting exchange and closes the channel.
final class SMTPClientHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = SMTPReply
    typealias OutboundOut = ByteBuffer

    private struct Exchange {
        let id: UInt64
        let promise: EventLoopPromise<[SMTPReply]>
        let expected: Int
        var replies: [SMTPReply]
        /// Names what was sent, for error messages ("EHLO", "end of DATA").
        let label: String
        var timeout: Scheduled<Void>?
    }

    private var exchanges = CircularBuffer<Exchange>(initialCapacity: 2)
    /// Replies that came before anyone asked: the greeting.
    private var unclaimed = CircularBuffer<SMTPReply>(initialCapacity: 1)
    private var failure: SMTPError?
    private var context: ChannelHandlerContext?
    private var nextID: UInt64 = 0

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail(with: .connectionLost("the SMTP handler was removed"), close: false)
        self.context = nil
    }

    /// Writes `payload` (if any) and completes `promise` with the next `expected` replies.
    func exchange(_ payload: ByteBuffer?, expected: Int, label: String, timeout: TimeAmount,
                  promise: EventLoopPromise<[SMTPReply]>) {
        if let failure { return promise.fail(failure) }
        guard let context else { return promise.fail(SMTPError.connectionLost("the connection is closed")) }
        var exchange = Exchange(id: nextID, promise: promise, expected: expected, replies: [], label: label)
        nextID &+= 1
        exchange.replies.reserveCapacity(expected)
        while exchanges.isEmpty, exchange.replies.count < expected, let early = unclaimed.popFirst() {
            exchange.replies.append(early)
        }
        if let payload { context.writeAndFlush(wrapOutboundOut(payload), promise: nil) }
        if exchange.replies.count == expected { return promise.succeed(exchange.replies) }
        let id = exchange.id
        exchange.timeout = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard exchanges.contains(where: { $0.id == id }) else { return }
            fail(with: .timeout("no reply to \(label) within \(Self.describe(timeout))"), close: true)
        }
        exchanges.append(exchange)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard !exchanges.isEmpty else {
            unclaimed.append(reply)
            // Only the greeting comes unasked (or a 421 before closing); a stream of them is not SMTP.
            if unclaimed.count > 4 { fail(with: .protocolViolation("replies nobody asked for"), close: true) }
            return
        }
        exchanges[exchanges.startIndex].replies.append(reply)
        let head = exchanges[exchanges.startIndex]
        guard head.replies.count == head.expected else { return }
        exchanges.removeFirst()
        head.timeout?.cancel()
        head.promise.succeed(head.replies)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(with: Self.smtpError(for: error, during: exchanges.first?.label), close: true)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let during = exchanges.first.map { " while waiting for the reply to \($0.label)" } ?? ""
        fail(with: .connectionLost("the server closed the connection\(during)"), close: false)
        context.fireChannelInactive()
    }

    /// Remembers the first failure (later ones are its consequences) and fails everyone waiting with it.
    private func fail(with error: SMTPError, close: Bool) {
        if failure == nil { failure = error }
        let failure = self.failure!
        while let exchange = exchanges.popFirst() {
            exchange.timeout?.cancel()
            exchange.promise.fail(failure)
        }
        if close { context?.close(promise: nil) }
    }

    private static func smtpError(for error: any Error, during label: String?) -> SMTPError {
        if let error = error as? SMTPError { return error }
        let during = label.map { " (waiting for the reply to \($0))" } ?? ""
        if let error = error as? NIOSSLError, case .uncleanShutdown = error {
            return .connectionLost("the server closed the TLS connection\(during)")
        }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return .tls("\(tlsReason(error))\(during)")
        }
        if let error = error as? IOError { return .connectionLost("\(error.description)\(during)") }
        return .connectionLost("\(error)\(during)")
    }

    /// BoringSSL says "…:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at /path/handshake.cc:320": keep the reason.
    private static func tlsReason(_ error: any Error) -> String {
        let text = "\(error)"
        let reasons = text.matches(of: /OPENSSL_internal:([A-Z0-9_]+)/).map { $0.1.lowercased().replacing("_", with: " ") }
        guard !reasons.isEmpty else { return text }
        let hint = reasons.contains("certificate verify failed")
            ? " (a private or self-signed certificate needs tls_ca_file, or tls_verify=false)" : ""
        return reasons.joined(separator: ", ") + hint
    }

    static func describe(_ time: TimeAmount) -> String {
        let milliseconds = time.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
