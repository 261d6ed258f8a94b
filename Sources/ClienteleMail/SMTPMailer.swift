import Logging
import NIOCore

/// Sends `MailMessage`s over SMTP through a pool of reused connections (see `SMTPSettings` for the URL).
///
/// Concurrent sends use different connections, up to `settings.poolSize`; more wait for a free one. A failed send
/// throws `SMTPError` (check `isPermanent`); a connection that broke is dropped and the next send opens a new one.
/// Call `shutdown()` before the event loop group goes away: it waits for running sends and QUITs every connection.
public final class SMTPMailer: Sendable {
    public let settings: SMTPSettings
    private let pool: SMTPConnectionPool
    private let logger: Logger

    public init(settings: SMTPSettings, eventLoopGroup: any EventLoopGroup,
                logger: Logger = Logger(label: "clientele.mail")) {
        self.settings = settings
        self.logger = logger
        let connector = SMTPConnector(settings: settings, eventLoopGroup: eventLoopGroup, logger: logger)
        pool = SMTPConnectionPool(connector: connector, size: settings.poolSize, idleTimeout: TimeAmount(settings.idleTimeout))
    }

    /// Sends one message; returns once the server accepted it (250 after the data).
    /// An invalid message (header injection, bad address) throws before anything is sent.
    public func send(_ message: MailMessage) async throws {
        let mime = try MIMEMessage(message, defaultFrom: settings.from)
        let lease = try await pool.lease()
        do {
            try await lease.connection.send(mime, resetFirst: lease.transactions > 0)
            pool.release(lease, reusable: true)
        } catch {
            pool.release(lease, reusable: error.keepsConnection)
            logger.debug("SMTP send failed", metadata: [
                "smtp.connection": "\(lease.connection.number)", "smtp.error": "\(error)",
                "smtp.message_id": "\(message.messageID)",
            ])
            throw error
        }
    }

    /// Waits for running sends, closes every connection with QUIT; later sends throw `SMTPError.shutDown`.
    public func shutdown() async {
        await pool.shutdown()
    }
}
