import Foundation

/// A colour as CSS writes it in hex: `#rgb` or `#rrggbb`, kept as `#rrggbb` in lower case.
public enum HexColor {
    /// The colour in its six-digit form, or nil when `text` is not a hex colour.
    public static func normalize(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.first == "#" else { return nil }
        let digits = trimmed.dropFirst().lowercased()
        guard digits.count == 3 || digits.count == 6, digits.allSatisfy(\.isHexDigit) else { return nil }
        return "#" + (digits.count == 3 ? digits.map { "\($0)\($0)" }.joined() : digits)
    }

    /// Black or white, whichever reads better on `color` (WCAG relative luminance).
    public static func textColor(on color: String) -> String {
        guard let hex = normalize(color) else { return "#ffffff" }
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        func channel(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055).pow(2.4)
        }
        let luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
        return luminance > 0.179 ? "#000000" : "#ffffff"
    }
}

private extension Double {
    func pow(_ exponent: Double) -> Double { Foundation.pow(self, exponent) }
}
