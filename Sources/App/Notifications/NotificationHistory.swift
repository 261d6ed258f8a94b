import Fluent
import Foundation

/// Reading and retrying an organization's notifications: the API and the dashboard's Notifications page.
struct NotificationHistory {
    let database: any Database
    let tenant: Tenant

    func page(_ filters: NotificationFilters, _ page: PageRequest) async throws -> Page<OutboxNotification.Public> {
        let query = visible
        filters.apply(to: query)
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        return Page(result.items.map(OutboxNotification.Public.init), total: result.total, nextCursor: result.nextCursor,
                    request: page)
    }

    func require(_ id: UUID) async throws -> OutboxNotification {
        guard let notification = try await visible.filter(\.$id == id).first() else { throw Problem.notFound("notification") }
        return notification
    }

    /// Every notification but account emails: those carry a client's single-use link, which staff must not read.
    private var visible: QueryBuilder<OutboxNotification> {
        tenant.query(OutboxNotification.self, on: database).filter(\.$kind != OutboxNotification.Kind.account.rawValue)
    }

    /// Queues a failed notification again with a fresh set of attempts; anything else is 409.
    func retry(_ id: UUID) async throws -> OutboxNotification {
        let notification = try await require(id)
        let moved = try await WriteTransaction.run(on: database) { db in
            try await SQLRows.all("""
                UPDATE notifications SET status = 'queued', attempts = 0, next_attempt_at = \(bind: Date()),
                lease_until = NULL, lease_owner = NULL, updated_at = \(bind: Date())
                WHERE id = \(bind: id) AND organization_id = \(bind: tenant.organizationID) AND status = 'failed'
                RETURNING id
                """, on: try db.sql)
        }
        guard !moved.isEmpty else {
            throw Problem.conflict("Only a failed notification can be retried; this one is \(notification.status)", field: "status")
        }
        OutboxSignal.shared.wake()
        return try await require(id)
    }
}
