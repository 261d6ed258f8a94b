import Fluent
import Vapor

/// Gathers a customer page: the guest users for "Managed by", the address book, and the three histories — read
/// through the same service as the API's history routes, so each role sees what the API shows it: nothing where its
/// role is refused, and an error (not an empty table) when a history cannot be read.
struct CustomerPageLoader {
    let req: Request

    func render(_ customer: Customer, values: [String: String], errors: FormErrors = FormErrors(),
                addressErrors: (id: String, errors: FormErrors, values: [String: String])? = nil,
                message: (values: [String: String], errors: FormErrors)? = nil,
                loyalty: CustomerLoyaltyPanel.Typed? = nil,
                status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let principal = try req.principal
        let access = try CustomerAccess(principal)
        let organization = context.organization
        let book = AddressBook(database: req.database, tenant: access.tenant, defaultCountry: organization?.defaultCountry ?? "US")
        let canWrite = principal.role.allows(.writeCustomers)
        var model = CustomerProfilePage.Model(customer: customer, values: values, errors: errors,
                                       canWrite: canWrite, canDelete: principal.role.allows(.deleteCustomers),
                                       canAssignManager: canWrite && access.managedByOnly == nil, showsNotes: access.seesNotes)
        model.addressErrors = addressErrors
        model.query = WebQuery.values(of: req, keys: ["orders_page", "tasks_page", "timeline_page"])
        if model.canAssignManager { model.guests = try await Self.guests(access.tenant, on: req.database) }
        model.addresses = try await book.list(for: customer)
        let histories = CustomerHistories(database: req.database, principal: principal)
        func page(_ key: String) -> PageRequest {
            PageRequest(page: model.query[key].flatMap(Int.init) ?? 1, perPage: PageRequest.defaultPerPage)
        }
        model.orders = try await Self.unlessRefused { try await histories.orders(of: customer.requireID(), page: page("orders_page")) }
        model.tasks = try await Self.unlessRefused { try await histories.tasks(of: customer.requireID(), page: page("tasks_page")) }
        model.timeline = try await Self.unlessRefused { try await histories.timeline(of: customer.requireID(), page: page("timeline_page")) }
        model.notifications = try await CustomerNotificationsPanel(for: customer, principal: principal, database: req.database, typed: message)
        model.account = CustomerAccountPanel(for: customer, principal: principal)
        if principal.role.allows(.seeDuplicates) {
            model.duplicates = try await DuplicateFinder(database: req.database, access: access).possibleDuplicates(of: customer, hasAddresses: true)
        }
        model.canMerge = principal.role.allows(.mergeCustomers)
        if model.canMerge {
            let merges = try await MergeContext.make(for: req, source: "dashboard")
            let kept = try await merges.records.list(page: PageRequest(page: 1, perPage: 5), customerID: customer.requireID()).merges
            model.merges = try await MergesWebController.rows(kept.filter { $0.intoID == customer.id }, context: merges)
        }
        model.canExportData = principal.role.allows(.exportPersonalData)
        model.canErase = principal.role.allows(.eraseCustomers)
        model.loyalty = try await CustomerLoyaltyPanel(for: customer, principal: principal, organization: organization, database: req.database,
                                                       typed: loyalty)
        return Layout.response(CustomerProfilePage.page(model, csrf: context.csrf), context: context, status: status)
    }

    /// What `read` answers, or nil when the caller's role may not see it; any other failure is the page's.
    private static func unlessRefused<T>(_ read: () async throws -> T) async throws -> T? {
        do { return try await read() } catch let problem as Problem where problem.status == .forbidden { return nil }
    }

    /// The organization's active guest users: who may manage a customer.
    static func guests(_ tenant: Tenant, on database: any Database) async throws -> [User] {
        try await tenant.query(User.self, on: database).filter(\.$role == .guest).filter(\.$disabled == false)
            .sort(\.$name).limit(500).all()
    }
}
