/// An organization's URL name: lower-case letters, digits and single hyphens, 2–63 characters.
public enum Slug {
    public static func problem(with slug: String) -> String? {
        guard (2...63).contains(slug.count) else { return "must be 2 to 63 characters" }
        let allowed = slug.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
        guard allowed, !slug.hasPrefix("-"), !slug.hasSuffix("-"), !slug.contains("--") else {
            return "must be lower-case letters, digits and single hyphens, like \"acme-couriers\""
        }
        return nil
    }
}
