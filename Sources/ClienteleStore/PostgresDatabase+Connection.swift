import FluentPostgresDriver

extension PostgresDatabase {
    /// `body` on a connection of this database (a transaction's own connection when this is one). PostgresNIO's async
    /// statements want a connection, and a Fluent database hands one out only to a closure that answers a future.
    public func onConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            connection.eventLoop.makeFutureWithTask { try await body(connection) }
        }.get()
    }
}
