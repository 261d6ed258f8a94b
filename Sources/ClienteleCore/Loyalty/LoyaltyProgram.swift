/// An organization's loyalty programme (`settings.loyalty`): points per 1.00 of its currency, bonuses in points, how
/// many days earned and bonus points last, and what one point is worth when redeemed. Rates are exact decimals
/// (`Rate`), never floats, so `floor(amount × points_per_unit)` is the same on every machine.
public struct LoyaltyProgram: Sendable, Equatable {
    public var enabled = false
    public var pointsPerUnit = Rate(units: 10_000)           // "1"
    public var signupBonus = 0
    public var birthdayBonus = 0
    public var expiryDays: Int?
    public var pointValue = Rate(units: 100)                 // "0.01"

    public init() {}

    /// The most points one bonus, adjustment or redemption may move, and the most a balance may hold: far inside a
    /// 32-bit column, so sums of a customer's entries never overflow.
    public static let maxPointsPerEntry = 1_000_000_000
    public static let maxBalance = 1_000_000_000
    /// Bounds of the settings: a rate of at most 1,000 points per unit, bonuses up to a million, 100 years of expiry.
    public static let maxPointsPerUnit = Rate(units: 1_000 * Rate.scale)
    public static let maxBonus = 1_000_000
    public static let maxExpiryDays = 36_500

    /// The points an order of `amountMinor` (cents) earns: floor(amount × points_per_unit), at most `maxPointsPerEntry`.
    public func points(forAmountMinor amountMinor: Int64) -> Int {
        guard amountMinor > 0 else { return 0 }
        // amount × rate / (100 × scale), exact in 128 bits.
        let product = amountMinor.multipliedFullWidth(by: pointsPerUnit.units)
        let divisor = 100 * Rate.scale
        guard product.high == 0 else { return Self.maxPointsPerEntry }
        let (quotient, _) = divisor.dividingFullWidth(product)
        return Int(min(quotient, Int64(Self.maxPointsPerEntry)))
    }

    /// What `points` are worth in minor units (cents), rounded down.
    public func valueMinor(ofPoints points: Int) -> Int64 {
        let product = Int64(points).multipliedFullWidth(by: pointValue.units)
        let divisor = Rate.scale / 100
        guard product.high == 0 else { return Int64.max }
        return divisor.dividingFullWidth(product).quotient
    }
}

/// A non-negative decimal with at most four decimals ("1", "0.5", "0.0125"), kept as ten-thousandths.
public struct Rate: Sendable, Equatable, Comparable, CustomStringConvertible {
    public static let scale: Int64 = 10_000
    public let units: Int64

    public init(units: Int64) { self.units = units }

    /// "1.5" → 15,000; nil when malformed, negative, or with more than four decimals or nine whole digits.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, (1...9).contains(whole.count),
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), let wholeValue = Int64(whole) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...4).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(digits) else {
                return nil
            }
            fraction = value * [1_000, 100, 10, 1][digits.count - 1]
        }
        units = wholeValue * Self.scale + fraction
    }

    /// The shortest decimal form: "1", "0.01", "2.5".
    public var description: String {
        let whole = units / Self.scale
        var fraction = String(units % Self.scale)
        guard fraction != "0" else { return String(whole) }
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    public static func < (a: Rate, b: Rate) -> Bool { a.units < b.units }
}
