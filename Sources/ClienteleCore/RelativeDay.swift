import Foundation

/// A day given relative to today, `-60d`: what a saved filter needs to keep meaning "60 days ago" tomorrow.
public struct RelativeDay: Sendable, Equatable {
    /// Days before today (0 is today).
    public let daysBefore: Int

    public static let maxDays = 36_500

    public init?(_ text: String) {
        let body = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard body.hasPrefix("-"), body.hasSuffix("d") else { return nil }
        let digits = body.dropFirst().dropLast()
        guard (1...5).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }),
              let days = Int(digits), days <= Self.maxDays else { return nil }
        daysBefore = days
    }

    /// The calendar day it names, today being taken in `zone`.
    public func day(in zone: TimeZone, now: Date = Date()) -> CalendarDate {
        var day = CalendarDate(now, in: zone)
        for _ in 0..<daysBefore { day = day.previous }
        return day
    }
}
