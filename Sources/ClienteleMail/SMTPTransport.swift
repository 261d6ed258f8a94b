import NIOCore
import NIOSSL

/// The async face of one SMTP channel: send bytes, await replies, upgrade to TLS, close.
struct SMTPTransport: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<SMTPClientHandler>
    let commandTimeout: TimeAmount

    /// Looks the handler up on the channel's event loop (it is created by the bootstrap's initializer).
    static func attach(to channel: any Channel, commandTimeout: TimeAmount) async throws -> SMTPTransport {
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self), eventLoop: channel.eventLoop)
        }.get()
        return SMTPTransport(channel: channel, handler: handler, commandTimeout: commandTimeout)
    }

    private init(channel: any Channel, handler: NIOLoopBound<SMTPClientHandler>, commandTimeout: TimeAmount) {
        self.channel = channel
        self.handler = handler
        self.commandTimeout = commandTimeout
    }

    var allocator: ByteBufferAllocator { channel.allocator }
    var isActive: Bool { channel.isActive }

    /// Writes `payload` in one flush and returns the next `expected` replies (several when commands are pipelined).
    func exchangeFuture(_ payload: ByteBuffer?, expected: Int = 1, label: String,
                        timeout: TimeAmount? = nil) -> EventLoopFuture<[SMTPReply]> {
        let promise = channel.eventLoop.makePromise(of: [SMTPReply].self)
        let handler = self.handler, timeout = timeout ?? commandTimeout
        channel.eventLoop.execute {
            handler.value.exchange(payload, expected: expected, label: label, timeout: timeout, promise: promise)
        }
        return promise.futureResult
    }

    func exchange(_ payload: ByteBuffer?, expected: Int = 1, label: String) async throws(SMTPError) -> [SMTPReply] {
        do {
            return try await exchangeFuture(payload, expected: expected, label: label).get()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw .connectionLost("\(error)")
        }
    }

    /// Sends one command line (CRLF added) and returns its reply. `label` replaces the line in errors (AUTH secrets).
    func command(_ line: String, label: String? = nil) async throws(SMTPError) -> SMTPReply {
        var buffer = allocator.buffer(capacity: line.utf8.count + 2)
        buffer.writeString(line)
        buffer.writeStaticString("\r\n")
        return try await exchange(buffer, label: label ?? line)[0]
    }

    /// After the server's 220 to STARTTLS: TLS goes first in the pipeline, so everything from now on is encrypted.
    func startTLS(context: NIOSSLContext, serverHostname: String?) async throws(SMTPError) {
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(tls, position: .first)
            }.get()
        } catch {
            channel.close(promise: nil)
            throw .tls("could not start TLS: \(error)")
        }
    }

    /// QUIT, wait briefly for 221, close: the polite end that lets the server log a clean session.
    func quit() -> EventLoopFuture<Void> {
        guard isActive else { return channel.eventLoop.makeSucceededVoidFuture() }
        let channel = self.channel
        return exchangeFuture(allocator.buffer(staticString: "QUIT\r\n"), label: "QUIT",
                              timeout: min(commandTimeout, .seconds(5)))
            .flatMapErrorThrowing { _ in [] }
            .flatMap { _ in channel.close().recover { _ in } }
    }

    /// Closes without QUIT: for a connection in an unknown state.
    func abort() {
        channel.close(promise: nil)
    }
}
