import FluentKit
import Foundation

/// A model that writes its own `INSERT` (see `RowInsert`), stamped with one time for both timestamps.
public protocol RowInsertable: Model where IDValue == UUID {
    func insertRow(at date: Date) -> RowInsert
}

extension RowInsertable {
    /// Inserts this new record (its `id` set) without Fluent's reflection.
    @inlinable
    public func insert(on database: any Database, at date: Date) async throws {
        try await insertRow(at: date).run(on: database)
        _$id.exists = true
    }
}
