import ClienteleCore
import Foundation
import SQLiteKit
import SQLiteNIO
import SQLKit

/// A row as SQLite answered it (see `SQLiteStatementCache`), read without the `Decoder` machinery for the types
/// records are made of: SQLKit's own SQLite row decodes every value through `SQLiteDataDecoder`, which wraps each
/// optional in a nested decoder and parses each UUID with `sscanf` — for a page of customers, more time than the
/// query. Values of any other type, or stored in another form, take that decoder, so the results are the same.
public struct SQLiteFastRow: SQLRow {
    /// The result columns of a statement, shared by all its rows.
    public final class Columns: Sendable {
        public let names: [String]
        @usableFromInline let offsets: [String: Int]

        public init(_ names: [String]) {
            self.names = names
            // The first of two columns with one name wins, as in SQLiteNIO.
            self.offsets = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    @usableFromInline static let fallback = SQLiteDataDecoder()

    public let columns: Columns
    public let values: [SQLiteData]

    public init(columns: Columns, values: [SQLiteData]) {
        self.columns = columns
        self.values = values
    }

    public var allColumns: [String] { columns.names }

    @inlinable
    public func contains(column: String) -> Bool { columns.offsets[column] != nil }

    @inlinable
    public func decodeNil(column: String) throws -> Bool {
        guard case .null = try data(column) else { return false }
        return true
    }

    @inlinable
    public func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        let data = try data(column)
        if let value = Self.direct(data, as: D.self) { return value }
        return try Self.fallback.decode(D.self, from: data)
    }

    @inlinable
    func data(_ column: String) throws -> SQLiteData {
        guard let offset = columns.offsets[column] else {
            throw DecodingError.keyNotFound(SQLiteFastRowColumn(stringValue: column),
                                            .init(codingPath: [], debugDescription: "No column named \(column)"))
        }
        return values[offset]
    }

    /// The value when `data` holds it in the form this type is stored in; nil sends it to the general decoder.
    @inlinable
    static func direct<D>(_ data: SQLiteData, as type: D.Type) -> D? {
        switch data {
        case let .text(text):
            if D.self == String.self || D.self == String?.self { return (text as! D) }
            if D.self == UUID.self || D.self == UUID?.self, let id = UUID(hexString: text) { return (id as! D) }
        case let .integer(value):
            if D.self == Int.self || D.self == Int?.self { return (value as! D) }
            if D.self == Int64.self || D.self == Int64?.self { return (Int64(value) as! D) }
            if D.self == Bool.self || D.self == Bool?.self, value == 0 || value == 1 { return ((value == 1) as! D) }
            if D.self == Double.self || D.self == Double?.self { return (Double(value) as! D) }
            if D.self == Date.self || D.self == Date?.self { return (storedDate(Double(value)) as! D) }
        case let .float(value):
            if D.self == Double.self || D.self == Double?.self { return (value as! D) }
            if D.self == Date.self || D.self == Date?.self { return (storedDate(value) as! D) }
        case .null:
            if D.self == String?.self { return (String?.none as! D) }
            if D.self == UUID?.self { return (UUID?.none as! D) }
            if D.self == Int?.self { return (Int?.none as! D) }
            if D.self == Int64?.self { return (Int64?.none as! D) }
            if D.self == Bool?.self { return (Bool?.none as! D) }
            if D.self == Double?.self { return (Double?.none as! D) }
            if D.self == Date?.self { return (Date?.none as! D) }
        case .blob:
            break
        }
        return nil
    }

    /// A date stored as seconds since 1970, rounded to microseconds as SQLiteNIO reads it (so that dates compare equal
    /// whichever way they were read).
    @inlinable
    static func storedDate(_ seconds: Double) -> Date {
        let sinceReference = seconds - Date.timeIntervalBetween1970AndReferenceDate
        return Date(timeIntervalSinceReferenceDate: (sinceReference * 1e6).rounded() / 1e6)
    }
}

/// The column a `SQLiteFastRow` was asked for and does not have.
@usableFromInline
struct SQLiteFastRowColumn: CodingKey {
    @usableFromInline var stringValue: String
    @usableFromInline var intValue: Int? { nil }
    @usableFromInline init(stringValue: String) { self.stringValue = stringValue }
    @usableFromInline init?(intValue: Int) { nil }
}
