import Foundation

/// IANA time zone names (`America/New_York`), as the system's zone database knows them.
enum TimeZoneName {
    static let all: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])

    static func isValid(_ name: String) -> Bool { all.contains(name) }
}
