/// The values the customer record's enumerated fields take.
enum CustomerStatus: String, CaseIterable, Sendable {
    case active, inactive, blocked
}

enum ContactMethod: String, CaseIterable, Sendable {
    case email, phone, sms
}

enum TimeOfDay: String, CaseIterable, Sendable {
    case morning, afternoon, evening
}
