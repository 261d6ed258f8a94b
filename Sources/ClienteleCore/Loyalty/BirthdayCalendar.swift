/// Whose birthday a day is: `MM-DD` of the day, and on 28 February of a year that is not a leap year, also
/// 29 February's (they get their bonus on the 28th).
public enum BirthdayCalendar {
    /// The `MM-DD` keys of the birthdays celebrated on `day`.
    public static func monthDays(celebratedOn day: CalendarDate) -> [String] {
        let key = monthDay(day.month, day.day)
        if day.month == 2 && day.day == 28 && !isLeapYear(day.year) { return [key, "02-29"] }
        return [key]
    }

    public static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func monthDay(_ month: Int, _ day: Int) -> String {
        (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }
}
