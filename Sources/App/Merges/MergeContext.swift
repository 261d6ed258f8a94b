import Fluent
import Vapor

/// Who merges, in which organization: what the merge services are made of, read from a request whose caller may merge
/// (admins and dispatchers; a super admin inside an organization).
struct MergeContext {
    let database: any Database
    let organization: Organization
    let access: CustomerAccess
    let actor: Actor

    var tenant: Tenant { access.tenant }

    static func make(for req: Request, source: String = "api") async throws -> MergeContext {
        let principal = try req.principal
        try principal.require(.mergeCustomers)
        let access = try CustomerAccess(principal)
        guard let organization = try await req.organization(access.tenant.organizationID) else { throw Problem.notFound("organization") }
        return MergeContext(database: req.database, organization: organization, access: access,
                            actor: .user(principal.user, source: source))
    }

    var merger: CustomerMerger { CustomerMerger(database: database, organization: organization, tenant: tenant, actor: actor) }
    var undo: CustomerMergeUndo { CustomerMergeUndo(database: database, organization: organization, tenant: tenant, actor: actor) }
    var records: CustomerMergeRecords { CustomerMergeRecords(database: database, tenant: tenant) }

    func present(_ customer: Customer, address: Address?) -> Customer.Public {
        access.present(customer, defaultAddress: address)
    }

    /// Customers with their default addresses, as the API shows them.
    func present(_ customers: [Customer]) async throws -> [Customer.Public] {
        let defaults = try await AddressBook.defaults(for: customers, tenant: tenant, on: database)
        return customers.map { access.present($0, defaultAddress: defaults[$0.id!]) }
    }
}
