import Foundation

/// Counts the records of an import file and checks that all of it is UTF-8, in one pass over its bytes: what
/// `ImportFileReader` would find reading the whole file record by record, at the speed of reading it (a million-row
/// file in a fraction of a second instead of seconds, before an upload is answered).
///
/// Records end where CSV.swift's reader ends them — at a CR, an LF or a CRLF outside quotes; a quote opens a quoted
/// field only at the start of a field, and inside one a quote ends it before a comma, a line end or the end of the
/// file, or stands for a quote when doubled. Those are ASCII bytes, which never occur inside a multi-byte UTF-8
/// sequence, so the bytes tell the records without decoding the text (tested against the reader on edge cases and
/// random files).
enum ImportFileScanner {
    static let chunkSize = 1 << 20

    private enum State {
        case recordStart, fieldStart, unquoted, quoted, afterQuote, afterCR
    }

    /// The number of records, the header's included; nil when the file is not UTF-8 throughout.
    static func records(path: String, chunkSize: Int = chunkSize) throws -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Problem.invalid("file", "could not be read") }
        defer { try? handle.close() }
        var state = State.recordStart
        var records = 0
        // The start of a UTF-8 sequence cut by the end of the chunk before, validated with the next chunk.
        var carried: [UInt8] = []
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            let valid = data.withUnsafeBytes { raw -> Bool in
                let bytes = raw.bindMemory(to: UInt8.self)
                count(bytes, state: &state, records: &records)
                return validate(bytes, carried: &carried)
            }
            guard valid else { return nil }
        }
        guard carried.isEmpty || String(validating: carried, as: UTF8.self) != nil else { return nil }
        return records
    }

    private static func count(_ bytes: UnsafeBufferPointer<UInt8>, state: inout State, records: inout Int) {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        /// Where a byte outside quotes leads: a line end ends the record, a comma the field; anything else `otherwise`.
        func ending(_ byte: UInt8, otherwise: State) -> State {
            byte == cr ? .afterCR : byte == lf ? .recordStart : byte == comma ? .fieldStart : otherwise
        }
        var current = state
        var found = records
        for byte in bytes {
            if current == .afterCR {
                current = .recordStart
                if byte == lf { continue }
            }
            if current == .recordStart {
                found += 1
                current = .fieldStart
            }
            switch current {
            case .fieldStart, .unquoted:
                current = current == .fieldStart && byte == quote ? .quoted : ending(byte, otherwise: .unquoted)
            case .quoted:
                if byte == quote { current = .afterQuote }
            case .afterQuote:
                // A doubled quote, or any other character (which the reader drops), keeps the field open.
                current = ending(byte, otherwise: .quoted)
            case .recordStart, .afterCR:
                break
            }
        }
        state = current
        records = found
    }

    /// Validates what was carried over and the chunk up to its last sequence start, carrying that sequence over to
    /// the next chunk (a sequence is at most four bytes: more is not UTF-8).
    private static func validate(_ bytes: UnsafeBufferPointer<UInt8>, carried: inout [UInt8]) -> Bool {
        var text = carried
        text.append(contentsOf: bytes)
        var cut = text.count
        while cut > 0 && text.count - cut < 4 && text[cut - 1] & 0xC0 == 0x80 { cut -= 1 }
        if cut > 0 && text[cut - 1] >= 0xC0 { cut -= 1 }
        guard text.count - cut <= 4, String(validating: text[..<cut], as: UTF8.self) != nil else { return false }
        carried = Array(text[cut...])
        return true
    }
}
