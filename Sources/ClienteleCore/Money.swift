/// Amounts are kept in minor units (cents) and shown as decimal strings, never floats.
public enum Money {
    public static func decimalString(minorUnits: Int64) -> String {
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
