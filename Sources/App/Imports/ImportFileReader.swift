import CSV
import Dispatch
import Foundation

/// Reads an uploaded CSV file record by record (quoted newlines, a UTF-8 byte order mark and CRLF handled by
/// CSV.swift). A file that is empty, or not UTF-8, is refused with a 422 that says so — never half a row.
final class ImportFileReader {
    let header: [String]
    private let reader: CSVReader
    /// Records read after the header, empty ones included: the cursor a job resumes from.
    private(set) var recordsRead = 0

    init(path: String) throws {
        guard let stream = InputStream(fileAtPath: path) else {
            throw Problem.invalid("file", "could not be read")
        }
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch CSVError.cannotReadHeaderRow {
            throw Problem.invalid("file", "is empty: a CSV file with a header row and one customer per row is expected")
        } catch {
            throw Self.unreadable(error)
        }
        if let error = reader.error { throw Self.unreadable(error) }
        header = (reader.headerRow ?? []).map { $0.trimmed }
        if header.allSatisfy(\.isEmpty) {
            throw Problem.invalid("file", "is empty: a CSV file with a header row and one customer per row is expected")
        }
    }

    /// The next record (1-based row number counting the header as row 1), or nil at the end of the file.
    func next() throws -> (row: Int, cells: [String])? {
        let cells = reader.next()
        if let error = reader.error, !Self.isEndOfFile(error) {
            throw Problem.invalid("file", "is not valid UTF-8 text near row \(recordsRead + 2) (\(Self.describe(error))); "
                + "save it as CSV UTF-8 and import again")
        }
        guard let cells else { return nil }
        recordsRead += 1
        return (recordsRead + 1, cells)
    }

    /// Reads past `count` records (a resumed job skips what it already applied).
    func skip(_ count: Int) throws {
        while recordsRead < count, try next() != nil {}
    }

    /// Counts the records of a file, checking that all of it is UTF-8 text: by its bytes (`ImportFileScanner`), then,
    /// when they are not all UTF-8, record by record to say where. CSV.swift does not see every invalid byte (not in
    /// the header row, nor a sequence cut short at the very end); the file is refused all the same.
    static func scan(path: String) throws -> (header: [String], records: Int) {
        let reader = try ImportFileReader(path: path)
        if let records = try ImportFileScanner.records(path: path) { return (reader.header, max(records - 1, 0)) }
        while try reader.next() != nil {}
        throw Problem.invalid("file", "is not valid UTF-8 text; save it as CSV UTF-8 and import again")
    }

    /// `scan` on a thread of its own: a large file takes a while to read, which an event loop's requests would wait for.
    static func scanAside(path: String) async throws -> (header: [String], records: Int) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try scan(path: path) })
            }
        }
    }

    /// CSV.swift reports the end of a file stream (a read of 0 bytes) as `cannotReadFile`, after the last record.
    private static func isEndOfFile(_ error: any Error) -> Bool {
        if case CSVError.cannotReadFile = error { return true }
        return false
    }

    private static func unreadable(_ error: any Error) -> Problem {
        Problem.invalid("file", "is not a CSV file this server can read as UTF-8 (\(describe(error)))")
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case CSVError.unicodeDecoding: return "invalid UTF-8 bytes"
        case CSVError.stringEncodingMismatch, CSVError.stringEndianMismatch: return "a UTF-16 or UTF-32 byte order mark"
        default: return String(describing: error)
        }
    }
}
