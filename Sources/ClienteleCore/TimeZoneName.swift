import Foundation

/// IANA time zone names (`America/New_York`), as the system's zone database knows them.
public enum TimeZoneName {
    public static let all: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC"])

    public static func isValid(_ name: String) -> Bool { all.contains(name) }
}
