import Foundation

extension UUID {
    /// A version-7 UUID (RFC 9562): the Unix time in milliseconds in its first 48 bits, then 74 random bits from the
    /// system's generator (`getrandom`). New records' ids sort by creation time, so each insert lands at the right
    /// edge of the `id` indexes — pages that stay in memory — instead of on a random page of a million-row index
    /// (on SQLite a read from disk whenever the host has evicted that page from the file cache; on PostgreSQL the
    /// same B-tree locality). Foundation's `UUID()` on Linux also opens, reads and closes `/dev/urandom` for each one.
    public static func timeOrdered(at date: Date = Date()) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        let randomA = generator.next() as UInt64
        let randomB = generator.next() as UInt64
        let high = (milliseconds << 16) | 0x7000 | (randomA & 0x0FFF)         // version 7, 12 random bits
        let low = 0x8000_0000_0000_0000 | (randomB & 0x3FFF_FFFF_FFFF_FFFF)   // RFC 9562 variant, 62 random bits
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(index)))
            bytes[8 + index] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(index)))
        }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
