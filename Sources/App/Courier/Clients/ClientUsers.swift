import Fluent
import SQLKit
import Vapor

/// The portal logins of a client.
enum ClientUsers {
    /// Ends every login of a client in the caller's transaction: users disabled, tokens and dashboard sessions
    /// deleted, open links voided. The caller forgets cached tokens once it commits.
    static func end(clientID: UUID, organizationID: UUID, on db: any Database, now: Date) async throws {
        let sql = try db.sql
        let users = try await Unscoped.query(User.self, on: db).filter(\.$clientID == clientID).filter(\.$role == .client).all()
        for user in users {
            let userID = try user.requireID()
            try await Unscoped.query(APIToken.self, on: db).filter(\.$user.$id == userID).delete()
            try await DashboardSessions(database: db, lifetime: 0).endAll(of: userID)
            user.disabled = true
            try await user.save(on: db)
        }
        try await SQLRows.run("""
            UPDATE client_links SET voided_at = \(bind: now) WHERE organization_id = \(bind: organizationID)
            AND client_id = \(bind: clientID) AND used_at IS NULL AND voided_at IS NULL
            """, on: sql)
    }
}
