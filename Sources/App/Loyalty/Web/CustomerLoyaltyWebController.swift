import Vapor

/// A customer's points on the dashboard: the whole ledger (`/customers/{id}/loyalty`), and the customer page's
/// "Adjust points" and "Redeem" forms. Thin: `LoyaltyService` checks and records, as for the API; a refused form comes
/// back on the customer page with its problems next to the fields.
struct CustomerLoyaltyWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("customers", ":id", "loyalty", use: ledger)
        routes.post("customers", ":id", "loyalty", "adjustments", use: adjust)
        routes.post("customers", ":id", "loyalty", "redemptions", use: redeem)
    }

    func ledger(req: Request) async throws -> Response {
        let context = try req.dashboard
        let (service, customer) = try await LoyaltyWebServices.customer(req, .seeLoyalty)
        WebQuery.dropEmpty(req)
        let page = try PageRequest(from: req)
        let entries = try await service.entries(of: customer, PageRequest(page: page.page, perPage: page.perPage))
        let summary = try await service.summary(of: customer)
        return Layout.response(LoyaltyLedgerPage.page(customer, summary: summary, entries: entries,
                                                              query: WebQuery.values(of: req, keys: ["per_page"])), context: context)
    }

    func adjust(req: Request) async throws -> Response {
        let (service, customer) = try await LoyaltyWebServices.customer(req, .changeLoyalty)
        let fields = try req.formFields()
        do {
            let entry = try await service.adjust(customer, try LoyaltyAdjustmentForm.input(fields))
            let moved = LoyaltyEntryTable.signed(entry.points)
            return req.redirect(to: "/customers/\(try customer.requireID().canonicalString)#loyalty",
                                flash: "Points adjusted by \(moved): the balance is now \(LoyaltyEntryTable.points(entry.balanceAfter)).")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            let errors = FormErrors(problem, fields: LoyaltyAdjustmentForm.fields)
            return try await CustomerPageLoader(req: req).render(customer, values: CustomerForm.values(of: customer),
                                                                 loyalty: .adjust(values: fields, errors: errors), status: problem.status)
        }
    }

    func redeem(req: Request) async throws -> Response {
        let (service, customer) = try await LoyaltyWebServices.customer(req, .changeLoyalty)
        let fields = try req.formFields()
        do {
            let entry = try await service.redeem(customer, try LoyaltyRedemptionForm.input(fields))
            let what = entry.rewardID == nil ? LoyaltyEntryTable.points(-entry.points)
                : "\(entry.reason ?? "a reward") for \(LoyaltyEntryTable.points(-entry.points))"
            return req.redirect(to: "/customers/\(try customer.requireID().canonicalString)#loyalty",
                                flash: "Redeemed \(what): the balance is now \(LoyaltyEntryTable.points(entry.balanceAfter)).")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            let errors = FormErrors(problem, fields: LoyaltyRedemptionForm.fields)
            return try await CustomerPageLoader(req: req).render(customer, values: CustomerForm.values(of: customer),
                                                                 loyalty: .redeem(values: fields, errors: errors), status: problem.status)
        }
    }
}
