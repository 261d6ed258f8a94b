import ClienteleCore
import Foundation
import Testing

/// The loyalty rules that need no database: exact rates, points of an amount, codes, birthdays.
@Suite struct LoyaltyRulesTests {
    @Test func ratesAreExactDecimals() {
        #expect(Rate("1")?.units == 10_000)
        #expect(Rate("0.01")?.units == 100)
        #expect(Rate("2.5")?.description == "2.5")
        #expect(Rate("0.0125")?.description == "0.0125")
        #expect(Rate("1.00")?.description == "1")
        for bad in ["", "-1", "1.23456", "abc", "1.", ".5", "1e3", "１"] { #expect(Rate(bad) == nil, "\(bad)") }
    }

    @Test func anOrderEarnsTheFloorOfItsAmountTimesTheRate() {
        var program = LoyaltyProgram()
        #expect(program.points(forAmountMinor: 1_999) == 19)
        program.pointsPerUnit = Rate("1.5")!
        #expect(program.points(forAmountMinor: 1_999) == 29)
        program.pointsPerUnit = Rate("0.1")!
        #expect(program.points(forAmountMinor: 999) == 0)
        #expect(program.points(forAmountMinor: -500) == 0)
        program.pointsPerUnit = LoyaltyProgram.maxPointsPerUnit
        #expect(program.points(forAmountMinor: 999_999_999_999) == LoyaltyProgram.maxPointsPerEntry)
        #expect(program.points(forAmountMinor: Int64.max) == LoyaltyProgram.maxPointsPerEntry)
        #expect(LoyaltyProgram().valueMinor(ofPoints: 250) == 250)
    }

    @Test func giftCardCodesAreReadIgnoringCaseSpacesAndDashes() {
        let code = GiftCardCode.make()
        #expect(code.count == 16)
        #expect(GiftCardCode.normalize(GiftCardCode.grouped(code).lowercased()) == code)
        #expect(GiftCardCode.normalize("abcd-efgh-jkmn-pqrs") == "ABCDEFGHJKMNPQRS")
        #expect(GiftCardCode.normalize("ABCDEFGHJKMNPQR") == nil)
        #expect(GiftCardCode.normalize("ABCDEFGHJKMNPQR0") == nil, "0 is not in the alphabet")
        #expect(GiftCardCode.normalize(String(repeating: " ", count: 100) + code) == nil)
        #expect(Set((0..<200).map { _ in GiftCardCode.make() }).count == 200)
    }

    @Test func leapDayBirthdaysAreCelebratedOnTheTwentyEighthInOtherYears() {
        #expect(BirthdayCalendar.monthDays(celebratedOn: CalendarDate(year: 2027, month: 2, day: 28)) == ["02-28", "02-29"])
        #expect(BirthdayCalendar.monthDays(celebratedOn: CalendarDate(year: 2028, month: 2, day: 28)) == ["02-28"])
        #expect(BirthdayCalendar.monthDays(celebratedOn: CalendarDate(year: 2028, month: 2, day: 29)) == ["02-29"])
        #expect(CalendarDate(year: 2026, month: 12, day: 31).next.description == "2027-01-01")
        #expect(CalendarDate(year: 2028, month: 3, day: 1).previous.description == "2028-02-29")
        let auckland = TimeZone(identifier: "Pacific/Auckland")!
        #expect(CalendarDate(ISO8601DateFormatter().date(from: "2026-12-03T12:00:00Z")!, in: auckland).description == "2026-12-04")
    }
}
