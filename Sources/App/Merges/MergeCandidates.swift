import Fluent
import Foundation
import SQLKit

/// The records a merge names: read (404 naming the field for one that is not the organization's), then locked in the
/// merge's transaction at the version read — one changed, merged or deleted meanwhile answers 409.
struct MergeCandidates {
    let database: any Database
    let tenant: Tenant

    /// The kept record first, then the others in the request's order.
    func load(_ request: MergeRequest) async throws -> [Customer] {
        let ids = request.all
        var list: SQLQueryString = "\(bind: ids[0])"
        for id in ids.dropFirst() { list = list + ", \(bind: id)" }
        let found = try await tenant.select(Customer.self, where: "id IN (" + list + ")", on: database, byKey: true)
        var records: [Customer] = []
        for id in ids {
            guard let record = found.first(where: { $0.id == id }) else { throw try await missing(id, request) }
            records.append(record)
        }
        return records
    }

    /// A record merged away by a merge that stands is a conflict (another merge won); any other is not found.
    private func missing(_ id: UUID, _ request: MergeRequest) async throws -> Problem {
        let field = request.field(of: id)
        let merged = try await SQLRows.first("""
            SELECT m.id AS merge_id FROM customer_merge_sources s JOIN customer_merges m
            ON m.organization_id = s.organization_id AND m.id = s.merge_id
            WHERE s.organization_id = \(bind: tenant.organizationID) AND s.customer_id = \(bind: id) AND m.undone_at IS NULL
            LIMIT 1
            """, on: try database.sql)
        if let merged {
            let mergeID = try merged.decode(column: "merge_id", as: UUID.self)
            return Problem.conflict("The customer \(field) was merged into another record (merge \(mergeID.canonicalString))",
                                    field: field)
        }
        return Problem(.notFound, type: ProblemType.notFound, detail: "The customer \(field) was not found",
                       errors: [.init(field: field, message: "was not found")])
    }

    /// Takes each record's row lock, in id order (two merges never wait for each other in a cycle), bumping its version
    /// only if it is still the one read.
    static func lock(_ records: [Customer], _ request: MergeRequest, organizationID: UUID, on sql: any SQLDatabase) async throws {
        for record in records.sorted(by: { $0.id!.uuidString < $1.id!.uuidString }) {
            let locked = try await SQLRows.first("""
                UPDATE customers SET version = version + 1
                WHERE organization_id = \(bind: organizationID) AND id = \(bind: record.id!) AND version = \(bind: record.version)
                RETURNING version
                """, on: sql)
            guard locked != nil else {
                let field = request.field(of: record.id!)
                throw Problem.conflict("The customer \(field) was changed, merged or deleted by another request meanwhile; "
                    + "read it again and retry", field: field)
            }
        }
    }
}
