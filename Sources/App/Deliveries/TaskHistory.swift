import Fluent
import Vapor

/// Pages of tasks, newest first, with their agents' names.
enum TaskHistory {
    static func page(_ query: QueryBuilder<DeliveryTask>, _ page: PageRequest, tenant: Tenant,
                     on database: any Database) async throws -> Page<DeliveryTask.Public> {
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        let names = try await TaskAccess.names(of: result.items, tenant: tenant, on: database)
        return Page(result.items.map { DeliveryTask.Public($0, names: names) },
                    total: result.total, nextCursor: result.nextCursor, request: page)
    }
}
