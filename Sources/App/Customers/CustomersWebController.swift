import Fluent
import Vapor

/// The customers pages. Thin: `CustomerSearch`, `CustomerService` and `CustomerAccess` do the work, exactly as
/// for the API, so a guest or an agent sees here only what the API would show them.
struct CustomersWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("customers", use: list)
        routes.get("customers", "new", use: newForm)
        routes.post("customers", use: create)
        routes.get("customers", ":id", use: show)
        routes.post("customers", ":id", use: update)
        routes.post("customers", ":id", "delete", use: delete)
    }

    static let listKeys = ["q", "status", "tag", "sort", "page", "cursor"] + CustomerFilterPanel.keys

    func list(req: Request) async throws -> Response {
        let context = try req.dashboard
        let principal = try req.principal
        let access = try CustomerAccess(principal)
        let query = WebQuery.values(of: req, keys: Self.listKeys)
        var model = CustomersPage.Model(query: query, customers: [], total: 0, totalIsEstimate: false, page: 1,
                                        perPage: PageRequest.defaultPerPage, nextCursor: nil,
                                        canWrite: principal.role.allows(.writeCustomers),
                                        canDelete: principal.role.allows(.deleteCustomers),
                                        showsAccountDetails: !access.isAgent, problem: nil)
        do {
            WebQuery.dropEmpty(req)
            let timezone = TimeZone(identifier: context.organization?.timezone ?? "UTC") ?? .gmt
            if principal.role.allows(.useSegments) {
                model.segments = try await SegmentService(database: req.database, access: access, timezone: timezone)
                    .list(page: PageRequest(page: 1, perPage: PageRequest.maxPerPage)).segments
                    .map { ($0.id!.canonicalString, $0.name) }
            }
            model.canExport = principal.role.allows(.exportCustomers)
            let parameters = try await SegmentListParameters.resolve(req, access: access, timezone: timezone)
            let page = try PageRequest(from: req)
            let result = try await CustomerSearch(database: try await req.lagTolerantDatabase(), access: access).run(parameters, page: page)
            model.customers = result.customers
            model.total = result.total
            model.totalIsEstimate = result.totalIsEstimate
            model.page = page.page
            model.perPage = page.perPage
            model.nextCursor = result.nextCursor
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            model.problem = problem.detail
        }
        return Layout.response(CustomersPage.page(model, csrf: context.csrf), context: context)
    }

    func newForm(req: Request) async throws -> Response {
        try await renderNew(req, values: ["status": "active", "preferred_language": "en"], errors: FormErrors(), status: .ok)
    }

    /// Checked, then — unless the form says "Create anyway" — looked up for possible duplicates before anything is saved;
    /// the address, when typed, is written with the customer. "Create, then merge" opens the merge of the new record
    /// into the one chosen.
    func create(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "dashboard")
        let principal = service.access.principal
        try principal.require(.writeCustomers)
        let fields = try req.formFields()
        do {
            let input = try CustomerForm.input(fields, isCreate: true, canAssignManager: service.access.managedByOnly == nil,
                                               writesNotes: service.access.seesNotes)
            let new = try await Self.checked { try await service.prepare(input) } and: { customerID in
                try NewCustomerAddress.input(fields).map { try service.firstAddress($0, for: customerID) }
            }
            let mergeInto = principal.role.allows(.mergeCustomers) ? fields["merge_into"].flatMap(UUID.init(uuidString:)) : nil
            if fields["ignore_duplicates"] != "true", mergeInto == nil {
                let found = try await DuplicateFinder(database: req.database, access: service.access)
                    .possibleDuplicates(of: new.customer.customer, hasAddresses: false)
                if !found.isEmpty {
                    // A record the organization's rules refuse (a phone already on file) is refused, not warned about;
                    // without a warning, `insert` checks the same rules.
                    try await CustomerUniqueness(database: req.database, tenant: service.tenant).check(new.customer.customer)
                    return try await renderNew(req, values: fields, errors: FormErrors(), duplicates: found, status: .ok)
                }
            }
            let customer = try await service.insert(new.customer.customer, applied: new.customer.applied, tags: new.customer.tags,
                                                    firstAddress: new.address)
            let id = try customer.requireID()
            if let mergeInto {
                return req.redirect(to: MergeChoicePage.path(keep: mergeInto, other: id),
                                    flash: "Customer “\(customer.name)” created. Choose what to keep, then merge.")
            }
            return req.redirect(to: "/customers/\(id.canonicalString)", flash: "Customer “\(customer.name)” created.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            return try await renderNew(req, values: fields, problem: problem, status: problem.status)
        }
    }

    /// The profile and its address checked together: the problems of both answered at once.
    private static func checked(_ profile: () async throws -> CustomerService.NewCustomer,
                                and address: (UUID) throws -> Address?) async throws -> (customer: CustomerService.NewCustomer, address: Address?) {
        var problems: [Problem.FieldError] = []
        var new: CustomerService.NewCustomer?
        do {
            new = try await profile()
        } catch let problem as Problem where problem.status == .unprocessableEntity && !(problem.errors ?? []).isEmpty {
            problems += problem.errors ?? []
        }
        var checked: Address?
        do {
            checked = try address(new?.customer.id ?? UUID())
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            problems += problem.errors ?? []
        }
        guard let new, problems.isEmpty else { throw Problem.validation(problems) }
        return (new, checked)
    }

    func show(req: Request) async throws -> Response {
        let access = try CustomerAccess(try req.principal)
        let customer = try await access.require(try req.uuidParameter("id"), on: req.database)
        return try await CustomerPageLoader(req: req).render(customer, values: CustomerForm.values(of: customer))
    }

    func update(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "dashboard")
        try service.access.principal.require(.writeCustomers)
        let id = try req.uuidParameter("id")
        let customer = try await service.access.require(id, on: req.database)
        let fields = try req.formFields()
        do {
            let input = try CustomerForm.input(fields, isCreate: false, canAssignManager: service.access.managedByOnly == nil,
                                               writesNotes: service.access.seesNotes)
            let saved = try await service.update(id, input, ifMatch: fields["version"].flatMap { Int($0) })
            // Seed 004: "Update customer" goes back to the list, with a notice naming who was updated.
            return req.redirect(to: "/customers", flash: "Customer “\(saved.name)” updated.")
        } catch let problem as Problem where problem.status == .preconditionFailed {
            // Someone saved this customer after the form was opened: keep what was typed, show the newer version's
            // number in the form, and say so. Saving again overwrites their change knowingly.
            var values = fields
            values["version"] = String(customer.version)
            let message = "Someone else saved this customer after you opened it. Your values are kept below: "
                + "save again to replace their changes, or open the customer again to see them."
            return try await CustomerPageLoader(req: req).render(customer, values: values,
                                                                 errors: FormErrors(Problem(.preconditionFailed, detail: message), fields: []),
                                                                 status: problem.status)
        } catch let problem as Problem where [.unprocessableEntity, .conflict].contains(problem.status) {
            return try await CustomerPageLoader(req: req).render(customer, values: fields,
                                                                 errors: FormErrors(problem, fields: CustomerForm.fields),
                                                                 status: problem.status)
        }
    }

    func delete(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "dashboard")
        try service.access.principal.require(.deleteCustomers)
        let customer = try await service.access.require(try req.uuidParameter("id"), on: req.database)
        try await service.delete(try customer.requireID(), ifMatch: nil)
        let back = SignInController.safeNext(try req.formFields()["return_to"])
        return req.redirect(to: back, flash: "Customer “\(customer.name)” deleted.")
    }

    private func renderNew(_ req: Request, values: [String: String], errors: FormErrors = FormErrors(), problem: Problem? = nil,
                           duplicates: [PossibleDuplicate] = [], status: HTTPStatus) async throws -> Response {
        let context = try req.dashboard
        let principal = try req.principal
        try principal.require(.writeCustomers)
        let access = try CustomerAccess(principal)
        let guests = try await CustomerPageLoader.guests(access.tenant, on: req.database)
        var errors = errors
        var addressErrors = FormErrors()
        if let problem { (errors, addressErrors) = NewCustomerAddress.errors(problem, profileFields: CustomerForm.fields) }
        let warning = duplicates.isEmpty ? HTML.empty
            : PossibleDuplicatesCard.warning(duplicates, canMerge: principal.role.allows(.mergeCustomers))
        let page = WebPage(title: "New customer", breadcrumbs: [("Customers", "/customers"), ("New customer", nil)], content: [
            .h1("New customer"),
            CustomerForm.form(action: "/customers", values: values, errors: errors, guests: guests,
                              canAssignManager: access.managedByOnly == nil, showsNotes: access.seesNotes,
                              submit: "Create customer", csrf: context.csrf, before: warning,
                              after: NewCustomerAddress.fieldset(values, errors: addressErrors)),
        ])
        return Layout.response(page, context: context, status: status)
    }
}
