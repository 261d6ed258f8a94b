import Foundation

/// The times a portal's user types and reads, in one time zone (a client's courier's, a customer account's own):
/// `datetime-local` values (`2026-12-03T14:30`) in, "3 Dec 2026, 14:30" out.
struct PortalDateTime {
    let timeZone: TimeZone

    init(timeZone identifier: String) {
        timeZone = TimeZone(identifier: identifier) ?? .gmt
    }

    /// The moment a `datetime-local` value means here; nil when it is not one.
    func parse(_ text: String) -> Date? {
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            if let date = formatter(format).date(from: text.trimmingCharacters(in: .whitespaces)) { return date }
        }
        return nil
    }

    /// The `datetime-local` value of a moment, for a form.
    func input(_ date: Date?) -> String {
        date.map { formatter("yyyy-MM-dd'T'HH:mm").string(from: $0) } ?? ""
    }

    func display(_ date: Date?) -> String {
        date.map { formatter("d MMM yyyy, HH:mm").string(from: $0) } ?? "—"
    }

    /// "3 Dec 2026, 14:00 – 16:00"; an open end reads "from …" or "by …".
    func window(_ start: Date?, _ end: Date?) -> String {
        switch (start, end) {
        case let (start?, end?):
            let sameDay = Calendar.current.dateComponents(in: timeZone, from: start).day == Calendar.current.dateComponents(in: timeZone, from: end).day
                && abs(end.timeIntervalSince(start)) < 86_400
            return display(start) + " – " + (sameDay ? formatter("HH:mm").string(from: end) : display(end))
        case let (start?, nil): return "from " + display(start)
        case let (nil, end?): return "by " + display(end)
        case (nil, nil): return "—"
        }
    }

    private func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        formatter.isLenient = false
        return formatter
    }
}
