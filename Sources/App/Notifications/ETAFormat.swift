import Foundation
import NIOConcurrencyHelpers

/// An ETA as a customer reads it, in the organization's time zone: "Dec 3, 14:30".
enum ETAFormat {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    /// One calendar per time zone (building one took longer than the rest of a tracking page's formatting).
    private static let calendars = NIOLockedValueBox<[String: Calendar]>([:])

    static func string(_ date: Date, timeZone: String) -> String {
        let parts = calendar(timeZone).dateComponents([.month, .day, .hour, .minute], from: date)
        let month = months[max(0, min(11, (parts.month ?? 1) - 1))]
        return "\(month) \(parts.day ?? 1), \(twoDigits(parts.hour ?? 0)):\(twoDigits(parts.minute ?? 0))"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func calendar(_ identifier: String) -> Calendar {
        if let known = calendars.withLockedValue({ $0[identifier] }) { return known }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: identifier) ?? .gmt
        calendars.withLockedValue { cache in
            if cache.count >= 1_024 { cache.removeAll() }
            cache[identifier] = calendar
        }
        return calendar
    }
}
