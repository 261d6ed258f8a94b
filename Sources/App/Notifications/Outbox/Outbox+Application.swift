import ClienteleMail
import Fluent
import Vapor

extension Application {
    private struct OutboxWorkersKey: StorageKey { typealias Value = OutboxWorkers }

    /// This process's outbox workers (tests drive a round with `deliverDue()`).
    var outboxWorkers: OutboxWorkers? {
        get { storage[OutboxWorkersKey.self] }
        set { storage[OutboxWorkersKey.self] = newValue }
    }

    /// Builds the providers that the configuration names and the workers that use them, started with the server. A
    /// provider configured wrongly stops the start with a message saying which setting is wrong.
    func setUpOutbox(_ config: OutboxConfig, serving: Bool) throws {
        var senders: [NotificationChannel: any NotificationSender] = [:]
        if let url = config.smtpURL {
            guard let from = config.smtpFrom else {
                throw OutboxSetupError(message: "SMTP_URL is set but SMTP_FROM is not: set the address emails are sent from")
            }
            let settings: SMTPSettings
            do { settings = try SMTPSettings(url: url, from: from) } catch {
                throw OutboxSetupError(message: "SMTP_URL or SMTP_FROM: \(error)")
            }
            senders[.email] = EmailSender(settings: settings, publicURL: config.publicURL, eventLoopGroup: eventLoopGroup,
                                          logger: logger)
        }
        if let url = config.smsWebhookURL {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw OutboxSetupError(message: "SMS_WEBHOOK_URL must be an http:// or https:// address")
            }
            senders[.sms] = SMSWebhookSender(url: url, eventLoopGroup: eventLoopGroup)
        }
        let db: @Sendable () -> any Database = { [unowned self] in self.db }
        var workerConfig = config
        // Only a serving process delivers (not `clientele import`); every process shuts its providers down.
        workerConfig.runsWorkers = config.runsWorkers && serving
        let workers = OutboxWorkers(config: workerConfig, senders: senders, database: db, logger: logger)
        outboxWorkers = workers
        lifecycle.use(workers)
    }
}

struct OutboxSetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
