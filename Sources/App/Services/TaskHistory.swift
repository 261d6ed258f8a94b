import Fluent
import Vapor

/// Pages of tasks, newest first, with a keyset cursor on `seq`.
enum TaskHistory {
    static func page(_ query: QueryBuilder<DeliveryTask>, _ page: PageRequest, tenant: Tenant,
                     on database: any Database) async throws -> Page<DeliveryTask.Public> {
        let total = try await query.copy().count()
        let pageQuery = query.copy().sort(\.$seq, .descending).limit(page.perPage + 1)
        if let after = page.after {
            guard let seq = Int(after) else { throw Problem.invalid("cursor", "is not a cursor this server issued") }
            pageQuery.filter(\.$seq < seq)
        } else {
            pageQuery.offset((page.page - 1) * page.perPage)
        }
        var tasks = try await pageQuery.all()
        let hasMore = tasks.count > page.perPage
        if hasMore { tasks.removeLast() }
        let cursor = hasMore ? tasks.last?.seq.map { Data(String($0).utf8).base64URLEncodedString() } : nil
        let names = try await TaskAccess.agentNames(of: tasks, tenant: tenant, on: database)
        return Page(tasks.map { DeliveryTask.Public($0, agentName: $0.agentID.flatMap { names[$0] }) },
                    total: total, nextCursor: cursor, request: page)
    }
}
