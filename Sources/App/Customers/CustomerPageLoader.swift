import Fluent
import Vapor

/// Gathers a customer page: the guest users for "Managed by", the address book, and the three histories —
/// read through the API's own handlers, so each role sees what the API shows it (and nothing when refused).
struct CustomerPageLoader {
    let req: Request

    func render(_ customer: Customer, values: [String: String], errors: FormErrors = FormErrors(),
                addressErrors: (id: String, errors: FormErrors, values: [String: String])? = nil,
                status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let principal = try req.principal
        let access = try CustomerAccess(principal)
        let id = customer.id!.uuidString.lowercased()
        let organization = context.organization
        let book = AddressBook(database: req.db, tenant: access.tenant, defaultCountry: organization?.defaultCountry ?? "US")
        let canWrite = principal.role.allows(.writeCustomers)
        var model = CustomerProfilePage.Model(customer: customer, values: values, errors: errors,
                                       canWrite: canWrite, canDelete: principal.role.allows(.deleteCustomers),
                                       canAssignManager: canWrite && access.managedByOnly == nil, showsNotes: access.seesNotes)
        model.addressErrors = addressErrors
        model.query = WebQuery.values(of: req, keys: ["orders_page", "tasks_page", "timeline_page"])
        if model.canAssignManager { model.guests = try await Self.guests(access.tenant, on: req.db) }
        model.addresses = try await book.list(for: customer)
        let bridge = APIBridge(request: req)
        let api = CustomersController()
        func page(_ key: String) -> [String: String] { ["page": model.query[key] ?? "1"] }
        model.orders = try? await bridge.call(parameters: ["id": id], query: page("orders_page"), api.orders)
        model.tasks = try? await bridge.call(parameters: ["id": id], query: page("tasks_page"), api.tasks)
        model.timeline = try? await bridge.call(parameters: ["id": id], query: page("timeline_page"), api.timeline)
        return Layout.response(CustomerProfilePage.page(model, csrf: context.csrf), context: context, status: status)
    }

    /// The organization's active guest users: who may manage a customer.
    static func guests(_ tenant: Tenant, on database: any Database) async throws -> [User] {
        try await tenant.query(User.self, on: database).filter(\.$role == .guest).filter(\.$disabled == false)
            .sort(\.$name).limit(500).all()
    }
}
