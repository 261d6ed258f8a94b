import Foundation

/// An ETA as a customer reads it, in the organization's time zone: "Dec 3, 14:30".
enum ETAFormat {
    static func string(_ date: Date, timeZone: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(format: "%@ %d, %02d:%02d", months[(parts.month ?? 1) - 1], parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0)
    }
}
