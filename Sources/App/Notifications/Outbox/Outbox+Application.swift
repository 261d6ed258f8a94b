
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
        // SMTP_BLOCK
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
