import Foundation

/// The normal forms that say two phone numbers, emails or addresses are the same person's.
public enum ContactKeys {
    /// Digits of a national number that a phone key keeps: enough to tell people apart, few enough that a number
    /// read with the wrong country (or with its trunk 0 kept) still agrees.
    static let phoneKeyDigits = 9

    /// The national significant number of an E.164 number (`+393331234567` → `3331234567`): the digits after the
    /// country calling code. Numbers written otherwise keep all their digits.
    public static func nationalNumber(_ e164: String) -> String? {
        let digits = String(e164.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }.map(Character.init))
        guard !digits.isEmpty else { return nil }
        guard e164.trimmed.hasPrefix("+") else { return digits }
        let metadata = PhoneMetadata.shared
        // Calling codes are prefix-free: the first 1–3 digits that name one are it.
        for length in 1...3 where digits.count > length {
            if let code = Int(digits.prefix(length)), !metadata.regions(callingCode: code).isEmpty {
                return String(digits.dropFirst(length))
            }
        }
        return digits
    }

    /// The last nine digits of the national number; nil for numbers too short to say who someone is.
    public static func phone(_ e164: String?) -> String? {
        guard let e164, let national = nationalNumber(e164) else { return nil }
        let trimmed = national.drop { $0 == "0" }
        guard trimmed.count >= 6 else { return nil }
        return String(trimmed.suffix(phoneKeyDigits))
    }

    /// The mailbox an address reaches: lower case, and for providers that ignore them, without dots (Gmail) and
    /// sub-address tags (`+tag`; Yahoo's `-tag`).
    public static func email(_ raw: String?) -> String? {
        guard let (local, domain) = split(raw) else { return nil }
        var mailbox = local
        var host = domain
        let provider = domain.split(separator: ".").first.map(String.init) ?? domain
        if domain == "gmail.com" || domain == "googlemail.com" {
            host = "gmail.com"
            mailbox = untagged(mailbox, "+").replacingOccurrences(of: ".", with: "")
        } else if plusTagProviders.contains(provider) || plusTagDomains.contains(domain) {
            mailbox = untagged(mailbox, "+")
        } else if provider == "yahoo" || domain == "ymail.com" || domain == "rocketmail.com" {
            mailbox = untagged(mailbox, "-")
        }
        guard !mailbox.isEmpty else { return nil }
        return mailbox + "@" + host
    }

    /// The local part with tags and separators removed (`Mario.Rossi+shop` → `mariorossi`), to compare across
    /// providers: evidence only beside a similar name.
    public static func emailLocal(_ raw: String?) -> String? {
        guard let (local, _) = split(raw) else { return nil }
        let bare = untagged(local, "+").filter { $0 != "." && $0 != "_" && $0 != "-" }
        return bare.count >= 3 ? bare : nil
    }

    /// Outlook, Hotmail, Live and MSN in every country (`hotmail.it`); iCloud, Fastmail and Proton.
    private static let plusTagProviders: Set<String> = ["outlook", "hotmail", "live", "msn"]
    private static let plusTagDomains: Set<String> = [
        "icloud.com", "me.com", "mac.com", "fastmail.com", "fastmail.fm", "proton.me", "protonmail.com", "pm.me",
    ]

    private static func split(_ raw: String?) -> (String, String)? {
        guard let raw else { return nil }
        let email = raw.trimmed.lowercased()
        guard let at = email.lastIndex(of: "@") else { return nil }
        let local = String(email[..<at]), domain = String(email[email.index(after: at)...])
        guard !local.isEmpty, !domain.isEmpty else { return nil }
        return (local, domain)
    }

    private static func untagged(_ local: String, _ separator: Character) -> String {
        guard let index = local.firstIndex(of: separator), index != local.startIndex else { return local }
        return String(local[..<index])
    }

    /// A street line's words, folded, with the usual abbreviations written one way ("Main Street" = "main st").
    public static func streetLine(_ line1: String?) -> String? {
        guard let line1 else { return nil }
        let words = FoldedName.words(of: FoldedName.fold(line1).replacingOccurrences(of: "'", with: " "))
        var out: [String] = []
        for (index, word) in words.enumerated() {
            // "Via Roma n. 10", "No. 10": a number marker before digits says nothing.
            if ["n", "no", "nr", "num"].contains(word), index + 1 < words.count, words[index + 1].first?.isNumber == true { continue }
            out.append(streetWords[word] ?? word)
        }
        return out.isEmpty ? nil : out.joined(separator: " ")
    }

    /// A postal code as letters and digits only, upper case ("sw1a 1aa" = "SW1A1AA").
    public static func postalCode(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let code = String(raw.uppercased().filter { $0.isLetter || $0.isNumber })
        return code.isEmpty ? nil : code
    }

    /// The key of an address: its street line with its postal code, or with its city when it has none.
    public static func address(line1: String?, postalCode: String?, city: String?) -> String? {
        guard let street = streetLine(line1) else { return nil }
        if let postal = Self.postalCode(postalCode) { return street + "|" + postal }
        let town = city.map { FoldedName.words(of: FoldedName.fold($0)).joined(separator: " ") } ?? ""
        return town.isEmpty ? nil : street + "|" + town
    }

    private static let streetWords: [String: String] = [
        "street": "st", "str": "st", "avenue": "ave", "av": "ave", "road": "rd", "boulevard": "blvd", "drive": "dr",
        "lane": "ln", "place": "pl", "court": "ct", "square": "sq", "terrace": "ter", "highway": "hwy", "parkway": "pkwy",
        "north": "n", "south": "s", "east": "e", "west": "w", "apartment": "apt", "suite": "ste", "floor": "fl",
        "piazza": "pza", "pzza": "pza", "piazzale": "ple", "viale": "vle", "corso": "cso", "largo": "lgo",
        "strasse": "st", "calle": "c", "avenida": "avda",
    ]
}
