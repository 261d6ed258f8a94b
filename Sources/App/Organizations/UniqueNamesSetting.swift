import Foundation
import Fluent
import SQLKit

/// Switching "unique customer names" on fills each customer's `unique_name_key`, so the unique index
/// covers existing customers too; it fails with 409 while two customers share a name. Off clears it.
struct UniqueNamesSetting {
    let database: any Database

    func apply(_ enabled: Bool, to organizationID: UUID) async throws {
        let sql = try database.sql
        do {
            if enabled {
                try await sql.raw("UPDATE customers SET unique_name_key = name_key WHERE organization_id = \(bind: organizationID)").run()
            } else {
                try await sql.raw("UPDATE customers SET unique_name_key = NULL WHERE organization_id = \(bind: organizationID)").run()
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("Some customers share a name; rename or merge them before requiring unique names",
                                   field: "settings.unique_customer_names")
        }
    }
}
