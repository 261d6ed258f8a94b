import Foundation

/// How notifications leave: the providers (`SMTP_URL`, `SMTP_FROM`, `SMS_WEBHOOK_URL`), the address links start with
/// (`CLIENTELE_PUBLIC_URL`), and the workers' retry and lease timing. Without a provider a channel's messages stay
/// `queued`, visible.
public struct OutboxConfig: Sendable {
    public var publicURL = "http://localhost:8080"
    public var smtpURL: String?
    public var smtpFrom: String?
    public var smsWebhookURL: String?
    /// The first retry's delay; each next one doubles, with jitter.
    public var backoffSeconds: Double = 30
    public var maxAttempts = 5
    /// A claimed notification whose worker has not answered by then is taken again (its worker died).
    public var leaseSeconds: Double = 60
    /// How often an idle worker looks for due notifications written by another instance (its own wake it at once).
    public var pollSeconds: Double = 0.5
    /// Run the delivery workers in this process (`CLIENTELE_OUTBOX_WORKERS=0` leaves the work to other instances).
    public var runsWorkers = true
    /// Notifications claimed at once, and emails and SMS in flight at once.
    public var batchSize = 64
    public var concurrency = 16

    public init() {}

    static func fromEnvironment(_ env: [String: String]) -> OutboxConfig {
        var config = OutboxConfig()
        func value(_ key: String) -> String? { env[key].flatMap { $0.isEmpty ? nil : $0 } }
        if let url = value("CLIENTELE_PUBLIC_URL") {
            config.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        config.smtpURL = value("SMTP_URL")
        config.smtpFrom = value("SMTP_FROM")
        config.smsWebhookURL = value("SMS_WEBHOOK_URL")
        if let seconds = value("CLIENTELE_OUTBOX_BACKOFF_SECONDS").flatMap(Double.init), seconds >= 0 {
            config.backoffSeconds = min(seconds, 86_400)
        }
        if let n = value("CLIENTELE_OUTBOX_MAX_ATTEMPTS").flatMap(Int.init), n >= 1 { config.maxAttempts = min(n, 100) }
        if let seconds = value("CLIENTELE_OUTBOX_LEASE_SECONDS").flatMap(Double.init), seconds > 0 {
            config.leaseSeconds = min(seconds, 86_400)
        }
        if let seconds = value("CLIENTELE_OUTBOX_POLL_SECONDS").flatMap(Double.init), seconds > 0 {
            config.pollSeconds = min(seconds, 3600)
        }
        if let n = value("CLIENTELE_OUTBOX_CONCURRENCY").flatMap(Int.init), n >= 1 { config.concurrency = min(n, 256) }
        config.runsWorkers = value("CLIENTELE_OUTBOX_WORKERS") != "0"
        return config
    }
}
