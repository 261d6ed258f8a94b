import Foundation

extension CalendarDate {
    /// The day `date` falls on in `zone`.
    public init(_ date: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The day after this one.
    public var next: CalendarDate {
        if day < Self.days(inMonth: month, year: year) { return CalendarDate(year: year, month: month, day: day + 1) }
        if month < 12 { return CalendarDate(year: year, month: month + 1, day: 1) }
        return CalendarDate(year: year + 1, month: 1, day: 1)
    }

    /// The first instant of this day in `zone`.
    public func start(in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }
}

extension CalendarDate {
    /// The day before this one.
    public var previous: CalendarDate {
        if day > 1 { return CalendarDate(year: year, month: month, day: day - 1) }
        if month > 1 { return CalendarDate(year: year, month: month - 1, day: Self.days(inMonth: month - 1, year: year)) }
        return CalendarDate(year: year - 1, month: 12, day: 31)
    }
}
