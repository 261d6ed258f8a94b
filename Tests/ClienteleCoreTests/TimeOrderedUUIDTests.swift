@testable import ClienteleCore
import Foundation
import Testing

@Suite struct TimeOrderedUUIDTests {
    @Test func areVersionSevenDistinctAndCarryTheirTime() {
        let ids = (0..<10_000).map { _ in UUID.timeOrdered() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            let text = Array(id.uuidString)
            #expect(text[14] == "7")
            #expect("89AB".contains(text[19]))
        }
        // 2026-11-24T00:00:00.123Z = 1_795_478_400_123 ms = 0x01A2_0B1F_2C7B.
        let date = Date(timeIntervalSince1970: 1_795_478_400.123)
        let milliseconds = UInt64(date.timeIntervalSince1970 * 1000)
        #expect(UUID.timeOrdered(at: date).uuidString.lowercased().hasPrefix(String(format: "%08llx-%04llx", milliseconds >> 16, milliseconds & 0xFFFF)))
    }

    /// Ids made later sort after earlier ones, byte for byte as SQLite compares them and in PostgreSQL's `uuid` order.
    @Test func sortByTheMillisecondTheyWereMadeIn() {
        let earlier = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_795_478_400))
        let later = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_795_478_400.002))
        #expect(earlier.uuidString < later.uuidString)
        let first = withUnsafeBytes(of: earlier.uuid) { Array($0) }, second = withUnsafeBytes(of: later.uuid) { Array($0) }
        #expect(first.lexicographicallyPrecedes(second))
    }
}
