/// How a notification reaches the customer.
enum NotificationChannel: String, CaseIterable, Sendable, Codable {
    case email, sms
    case inApp = "in_app"

    /// What a notification on this channel needs of the customer, and the skip reason when it is missing.
    var missingContactReason: NotificationSkipReason? {
        switch self {
        case .email: .noEmail
        case .sms: .noPhone
        case .inApp: nil
        }
    }

    var label: String {
        switch self {
        case .email: "Email"
        case .sms: "SMS"
        case .inApp: "In-app"
        }
    }
}

/// Where a notification stands in the outbox.
enum NotificationStatus: String, CaseIterable, Sendable, Codable {
    case queued, sending, sent, failed, skipped
}

/// Why a notification was written but not sent.
enum NotificationSkipReason: String, CaseIterable, Sendable, Codable {
    case noEmail = "no_email"
    case noPhone = "no_phone"
    case noConsent = "no_consent"
    case channelOff = "channel_off"
}
