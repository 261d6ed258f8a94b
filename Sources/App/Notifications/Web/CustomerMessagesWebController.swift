import Vapor

/// `POST /customers/{id}/messages`: the customer page's "Send message". Thin: `MarketingMessages` sends, as for
/// `POST /messages`, to this one customer; the counts come back as the page's message.
struct CustomerMessagesWebController {
    func boot(routes: any RoutesBuilder) {
        routes.post("customers", ":id", "messages", use: send)
    }

    func send(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try CustomerAccess(principal)
        try principal.require(.sendMessages)
        let customer = try await access.require(try req.uuidParameter("id"), on: req.database)
        let id = try customer.requireID()
        guard let organization = try await req.organization(access.tenant.organizationID) else { throw Problem.notFound("organization") }
        let messages = MarketingMessages(database: req.database, organization: organization, access: access,
                                         config: req.application.config.outbox)
        let fields = try req.formFields()
        do {
            let result = try await messages.send(CustomerMessageForm.input(fields, customerID: id))
            return req.redirect(to: "/customers/\(id.canonicalString)", flash: CustomerMessageForm.summary(result, to: customer.name))
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await CustomerPageLoader(req: req).render(
                customer, values: CustomerForm.values(of: customer),
                message: (fields, FormErrors(problem, fields: CustomerMessageForm.fields)), status: problem.status)
        }
    }
}
