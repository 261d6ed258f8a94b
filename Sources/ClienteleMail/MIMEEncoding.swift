import Foundation

/// Header-level encodings: RFC 2047 encoded-words, display-name phrases, folding and the RFC 5322 date.
enum MIMEEncoding {
    /// Lines should stay within 78 characters (RFC 5322 2.1.1) and must stay within 998.
    static let preferredLineLength = 78
    static let maximumLineLength = 998
    /// 42 bytes → 56 base64 characters → a 68-character encoded-word, so `Subject: ` + one word fits in 78.
    static let encodedWordChunk = 42

    /// `=?UTF-8?B?…?=` words, each ≤ 75 characters, split between Unicode scalars (never inside one).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        chunk.reserveCapacity(encodedWordChunk)
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > encodedWordChunk {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk.removeAll(keepingCapacity: true)
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }

    /// An unstructured value (Subject, extra headers): as is when printable ASCII, else encoded-words.
    static func unstructured(_ value: String) -> String {
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 }) { return value }
        return encodedWords(value).joined(separator: " ")
    }

    /// A display name: bare when it is only atoms, a quoted-string for other ASCII, encoded-words otherwise.
    static func phrase(_ name: String) -> String {
        let atext = Set("!#$%&'*+-/=?^_`{|}~ ".utf8)
        func isAlnum(_ b: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
        }
        if name.utf8.allSatisfy({ isAlnum($0) || atext.contains($0) }) && !name.hasPrefix("=?") { return name }
        if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) && !name.contains("=?") {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return encodedWords(name).joined(separator: " ")
    }

    /// `Name: value` + CRLF, folded before spaces so lines stay near 78 characters; throws past 998.
    static func header(_ name: String, _ value: String) throws(SMTPError) -> String {
        var result = "\(name):"
        var lineLength = result.utf8.count
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            let wordLength = word.utf8.count
            // A fold adds only CRLF: the space that starts the next line is the one the value had there.
            if lineLength + 1 + wordLength > preferredLineLength, lineLength > name.utf8.count + 1, !word.isEmpty {
                result += "\r\n"
                lineLength = 0
            }
            result += " "
            result += word
            lineLength += 1 + wordLength
            if lineLength > maximumLineLength {
                throw .invalidMessage("the \(name) header has a word longer than \(maximumLineLength) characters")
            }
        }
        return result + "\r\n"
    }

    /// RFC 5322 date-time in UTC, e.g. `Tue, 03 Dec 2024 15:34:00 +0000`, computed without a formatter.
    static func date(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekdays[weekday]), \(two(day)) \(months[month - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
    }
}
