import FluentKit
import FluentSQL
import SQLKit

/// A SQL row as Fluent's `DatabaseOutput`, for decoding models property by property without reflection.
/// `prefix` reads a joined table's columns selected as `prefix + column`.
public struct RowOutput: DatabaseOutput {
    public let row: any SQLRow
    public var prefix: String

    @inlinable
    public init(row: any SQLRow, prefix: String = "") {
        self.row = row
        self.prefix = prefix
    }

    public var description: String { "\(row)" }

    @inlinable
    public func schema(_ schema: String) -> any DatabaseOutput { self }
    @inlinable
    public func contains(_ key: FieldKey) -> Bool { row.contains(column: prefix + key.description) }
    @inlinable
    public func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: prefix + key.description) }
    @inlinable
    public func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
        try row.decode(column: prefix + key.description, as: T.self)
    }
}

/// A model that decodes a `SELECT *` row by hand: hot paths read thousands of them.
public protocol RowDecodable: Model {
    static func decode(row: any SQLRow) throws -> Self
}

extension SQLRow {
    /// The row as a model: by hand where the model knows how, else through Fluent's reflection.
    @inlinable
    public func model<M: Model>(_ type: M.Type) throws -> M {
        if let decodable = M.self as? any RowDecodable.Type { return try decodable.decode(row: self) as! M }
        return try decode(fluentModel: M.self)
    }
}
