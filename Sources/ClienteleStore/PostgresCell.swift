import Foundation
import PostgresNIO

/// A value bound into a PostgreSQL statement as PostgresNIO encodes it natively: the same types PostgresKit's
/// `Codable` translation picks for these Swift values (text, int8, float8, bool, uuid, timestamptz), without that
/// translation or SQLKit's serializer. A 500-row insert binds 20,000 values; through SQLKit the server spent about
/// as long encoding them as PostgreSQL spent inserting (`RowInsert`).
public enum PostgresCell: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case uuid(UUID)
    case timestamp(Date)
    /// A NULL of no stated type: PostgreSQL takes the column's (an `INSERT`'s values are coerced to their columns).
    case null

    /// The cell of a value of one of the types above, optionals included; nil for any other type (the caller then
    /// binds the row through SQLKit).
    public init?(_ value: any Encodable) {
        switch value {
        case let value as String: self = .text(value)
        case let value as Int: self = .integer(value)
        case let value as Int64: self = .integer(Int(value))
        case let value as Int32: self = .integer(Int(value))
        case let value as Bool: self = .bool(value)
        case let value as UUID: self = .uuid(value)
        case let value as Date: self = .timestamp(value)
        case let value as Double: self = .double(value)
        case let optional as any PostgresCellOptional:
            guard let wrapped = optional.wrappedCellValue else {
                self = .null
                return
            }
            self.init(wrapped)
        default: return nil
        }
    }

    @inlinable
    public func append(to bindings: inout PostgresBindings) {
        switch self {
        case let .text(value): bindings.append(value)
        case let .integer(value): bindings.append(value)
        case let .double(value): bindings.append(value)
        case let .bool(value): bindings.append(value)
        case let .uuid(value): bindings.append(value)
        case let .timestamp(value): bindings.append(value)
        case .null: bindings.appendNull()
        }
    }
}

/// An optional bind value, seen through to what it holds.
protocol PostgresCellOptional {
    var wrappedCellValue: (any Encodable)? { get }
}

extension Optional: PostgresCellOptional where Wrapped: Encodable {
    var wrappedCellValue: (any Encodable)? { self.map { $0 } }
}
