import Fluent
import Vapor

/// A customer's timeline, newest first.
struct CustomerTimelineQuery {
    let database: any Database
    let tenant: Tenant

    func page(of customer: Customer, _ page: PageRequest) async throws -> CustomerEventPage {
        let query = tenant.query(CustomerEvent.self, on: database).filter(\.$customerID == (try customer.requireID()))
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        return CustomerEventPage(data: result.items.map(CustomerEvent.Public.init), page: page.page, perPage: page.perPage,
                                 total: result.total, nextCursor: result.nextCursor)
    }
}
