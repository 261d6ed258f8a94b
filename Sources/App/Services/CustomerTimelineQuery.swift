import Fluent
import Vapor

/// A customer's timeline, newest first, with a keyset cursor on the entry sequence.
struct CustomerTimelineQuery {
    let database: any Database
    let tenant: Tenant

    func page(of customer: Customer, _ page: PageRequest) async throws -> CustomerEventPage {
        let base = tenant.query(CustomerEvent.self, on: database).filter(\.$customerID == (try customer.requireID()))
        let total = try await base.copy().count()
        let query = base.copy().sort(\.$seq, .descending).limit(page.perPage + 1)
        if let after = page.after {
            guard let seq = Int(after) else { throw Problem.invalid("cursor", "is not a cursor this server issued") }
            query.filter(\.$seq < seq)
        } else {
            query.offset((page.page - 1) * page.perPage)
        }
        var events = try await query.all()
        let hasMore = events.count > page.perPage
        if hasMore { events.removeLast() }
        let cursor = hasMore ? events.last?.seq.map { Data(String($0).utf8).base64URLEncodedString() } : nil
        return CustomerEventPage(data: events.map(CustomerEvent.Public.init), page: page.page, perPage: page.perPage,
                                 total: total, nextCursor: cursor)
    }
}
