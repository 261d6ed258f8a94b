import Fluent
import Foundation

/// Gathers the Notifications page through `NotificationHistory`, the API's service: the failed ones first (on the
/// first page of a view without a status filter), the rest newest first, and the names of their customers.
struct NotificationsPageLoader {
    /// Failed notifications shown above the list; a link leads to all of them.
    static let failedShown = 20

    let history: NotificationHistory
    let names: NotificationCustomerNames

    func load(_ filters: NotificationFilters, _ page: PageRequest, query: [String: String]) async throws -> NotificationsPage.Model {
        var model = NotificationsPage.Model(query: query)
        if filters.status == nil {
            if page.page == 1, page.after == nil {
                var failedOnly = filters
                failedOnly.status = .failed
                model.failed = try await history.page(failedOnly, PageRequest(page: 1, perPage: Self.failedShown))
            }
            var others = filters
            others.excludedStatus = .failed
            model.rest = try await history.page(others, page)
        } else {
            model.rest = try await history.page(filters, page)
        }
        let shown = (model.failed?.data ?? []) + (model.rest?.data ?? [])
        model.customers = try await names.names(of: shown.compactMap(\.customerId) + [filters.customerID].compactMap { $0 })
        if let id = filters.customerID { model.customer = (id, model.customers[id]) }
        return model
    }
}
