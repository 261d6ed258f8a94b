import Foundation
import NIOConcurrencyHelpers

/// Programmes decoded from their stored JSON, by that JSON: an order reads its organization's programme on every
/// write, and decoding it each time was a measurable part of placing an order. A few hundred distinct programmes at
/// most are kept (the cache starts over beyond that).
private let decodedPrograms = NIOLockedValueBox<[String: LoyaltyProgram]>([:])

/// `settings.loyalty` as JSON: stored on the organization (`loyalty_program`, null while it keeps the defaults),
/// shown in its settings, and changed field by field with a 422 naming each bad one.
extension LoyaltyProgram {
    static let defaults = LoyaltyProgram()

    /// The programme of a stored JSON, decoded once per distinct JSON.
    static func decoded(_ storedJSON: String?) -> LoyaltyProgram {
        guard let storedJSON else { return .defaults }
        if let known = decodedPrograms.withLockedValue({ $0[storedJSON] }) { return known }
        let program = LoyaltyProgram(storedJSON: storedJSON)
        decodedPrograms.withLockedValue { cache in
            if cache.count >= 512 { cache.removeAll() }
            cache[storedJSON] = program
        }
        return program
    }

    init(storedJSON: String?) {
        self.init()
        guard let storedJSON, let data = storedJSON.data(using: .utf8),
              let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else { return }
        var ignored = Validator()
        self = applying(object, field: "", &ignored)
    }

    var storedJSON: String? {
        self == .defaults ? nil : String(decoding: try! JSONEncoder.sortedKeys.encode(json), as: UTF8.self)
    }

    /// `{"enabled", "points_per_unit", "signup_bonus", "birthday_bonus", "expiry_days", "point_value"}`.
    var json: JSONValue {
        .object([
            "enabled": .bool(enabled),
            "points_per_unit": .string(pointsPerUnit.description),
            "signup_bonus": .int(signupBonus),
            "birthday_bonus": .int(birthdayBonus),
            "expiry_days": expiryDays.map(JSONValue.int) ?? .null,
            "point_value": .string(pointValue.description),
        ])
    }

    /// Applies the fields that were sent; the others stay. Rates are decimal strings (numbers are taken too).
    func applying(_ body: [String: JSONValue], field: String, _ validator: inout Validator) -> LoyaltyProgram {
        var result = self
        let known = ["enabled", "points_per_unit", "signup_bonus", "birthday_bonus", "expiry_days", "point_value"]
        for key in body.keys.sorted() where !known.contains(key) {
            validator.add("\(field).\(key)", "is not a loyalty setting; they are " + known.joined(separator: ", "))
        }
        if let value = body["enabled"] {
            if case let .bool(flag) = value { result.enabled = flag } else { validator.add("\(field).enabled", "must be true or false") }
        }
        if let value = body["points_per_unit"] {
            if let rate = Self.rate(value), rate <= Self.maxPointsPerUnit { result.pointsPerUnit = rate }
            else { validator.add("\(field).points_per_unit", "must be a decimal from 0 to 1000 with at most 4 decimals, like \"1\" or \"2.5\"") }
        }
        if let value = body["point_value"] {
            if let rate = Self.rate(value), rate.units > 0, rate <= Rate(units: 1_000 * Rate.scale) { result.pointValue = rate }
            else { validator.add("\(field).point_value", "must be a positive decimal up to 1000 with at most 4 decimals, like \"0.01\"") }
        }
        for (key, path) in [("signup_bonus", \LoyaltyProgram.signupBonus), ("birthday_bonus", \LoyaltyProgram.birthdayBonus)] {
            guard let value = body[key] else { continue }
            if case let .int(points) = value, (0...Self.maxBonus).contains(points) { result[keyPath: path] = points }
            else { validator.add("\(field).\(key)", "must be a whole number of points from 0 to \(Self.maxBonus)") }
        }
        switch body["expiry_days"] {
        case nil: break
        case .null?: result.expiryDays = nil
        case let .int(days)? where (1...Self.maxExpiryDays).contains(days): result.expiryDays = days
        default: validator.add("\(field).expiry_days", "must be null (points never expire) or a whole number of days from 1 to \(Self.maxExpiryDays)")
        }
        return result
    }

    private static func rate(_ value: JSONValue) -> Rate? {
        switch value {
        case let .string(text): return Rate(text.trimmingCharacters(in: .whitespaces))
        case let .int(number): return number >= 0 ? Rate(String(number)) : nil
        case let .double(number):
            guard number >= 0, number.isFinite, number < 1e9 else { return nil }
            let scaled = (number * Double(Rate.scale)).rounded()
            return abs(scaled - number * Double(Rate.scale)) < 1e-6 ? Rate(units: Int64(scaled)) : nil
        default: return nil
        }
    }
}
