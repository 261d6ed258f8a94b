import FluentPostgresDriver

extension PostgresPreparedStatement where Row: Sendable {
    /// Every row of this named prepared statement, run on a connection of `postgres` (a transaction's own connection
    /// when `postgres` is one). PostgresNIO prepares it on that connection the first time and reuses the plan after.
    func rows(on postgres: any PostgresDatabase) async throws -> [Row] {
        try await postgres.onConnection { connection in
            var rows: [Row] = []
            for try await row in try await connection.execute(self, logger: connection.logger) { rows.append(row) }
            return rows
        }
    }
}
