import Fluent
import SQLKit
import Vapor

/// The staff's side of customer accounts: a linked record's overrides (`DELETE /customers/{id}/overrides/{field}`
/// inherits the field again), unlinking a record from its account (`DELETE /customers/{id}/account`), and the
/// erasure requests people made from their accounts (admins: list, erase the record, or dismiss).
struct CustomerAccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.delete("customers", ":id", "overrides", ":field", use: clearOverride)
        routes.delete("customers", ":id", "account", use: unlink)
        let requests = routes.grouped("erasure-requests")
        requests.get(use: erasureRequests)
        requests.post(":id", "erase", use: erase)
        requests.post(":id", "dismiss", use: dismiss)
    }

    /// Inherits `field` from the account again: the mark goes, and the account's value flows into the record.
    func clearOverride(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.writeCustomers)
        let field = req.parameters.get("field") ?? ""
        guard AccountProfile.fields.contains(field) else {
            throw Problem.invalid("field", "must be an inherited field: \(AccountProfile.fields.joined(separator: ", "))")
        }
        let customer = try await service.access.require(try req.uuidParameter("id"), on: req.db)
        guard let accountID = customer.accountID else {
            throw Problem.conflict("This customer is not linked to a customer account", field: "account")
        }
        let remaining = AccountOverrides.fields(customer).filter { $0 != field }
        if remaining.count != AccountOverrides.fields(customer).count {
            AccountOverrides.setFields(remaining, on: customer)
            let json = customer.overriddenFieldsJSON
            let actor = service.actor
            try await WriteTransaction.run(on: req.db) { db in
                let rows = try await SQLRows.all("""
                    UPDATE customers SET overridden_fields = \(bind: json), version = version + 1, updated_at = \(bind: Date())
                    WHERE organization_id = \(bind: customer.organizationID) AND id = \(bind: customer.requireID()) RETURNING version
                    """, on: try db.sql)
                if let row = rows.first { customer.version = try row.decode(column: "version", as: Int.self) }
                try await CustomerTimeline(database: db, actor: actor).record(.overrideCleared, customer: customer, details: ["field": .string(field)])
            }
        }
        var result = customer
        if let account = try await Account.find(accountID, on: req.db) {
            let records = AccountRecords(database: req.db)
            result = try await records.flow(account, fields: [field], into: customer,
                                            service: records.service(in: service.organization, accountID: accountID))
        }
        let (fresh, address) = try await service.access.requireWithDefaultAddress(try result.requireID(), on: req.db)
        return service.access.present(fresh, defaultAddress: address).response(status: .ok)
    }

    func unlink(req: Request) async throws -> HTTPStatus {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.writeCustomers)
        let customer = try await service.access.require(try req.uuidParameter("id"), on: req.db)
        guard customer.accountID != nil else { throw Problem.conflict("This customer is not linked to a customer account", field: "account") }
        try await AccountRecords(database: req.db).unlink(customer, actor: service.actor)
        return .noContent
    }

    // MARK: erasure requests

    private func requestsContext(_ req: Request) throws -> (Principal, Tenant) {
        let principal = try req.principal
        let tenant = try principal.tenant()
        try principal.require(.eraseCustomers)
        return (principal, tenant)
    }

    func erasureRequests(req: Request) async throws -> Page<AccountErasureRequest.Public> {
        let (_, tenant) = try requestsContext(req)
        let page = try PageRequest(from: req)
        var status: String?
        if let raw = req.query[String.self, at: "status"] {
            guard AccountErasureRequest.Status(rawValue: raw) != nil else {
                throw Problem.invalid("status", "must be one of open, erased, dismissed")
            }
            status = raw
        }
        return try await ErasureRequests(database: req.db, tenant: tenant).list(status: status, page)
    }

    struct HandleInput: Decodable, Sendable {
        var reason: String?
    }

    func erase(req: Request) async throws -> AccountErasureRequest.Public {
        let (principal, tenant) = try requestsContext(req)
        let input = (try? req.decodeJSON(HandleInput.self)) ?? HandleInput()
        return try await ErasureRequests(database: req.db, tenant: tenant)
            .erase(try req.uuidParameter("id"), by: principal.user, reason: input.reason)
    }

    func dismiss(req: Request) async throws -> AccountErasureRequest.Public {
        let (principal, tenant) = try requestsContext(req)
        let input = try req.decodeJSON(HandleInput.self)
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty, reason.count <= 500 else {
            throw Problem.invalid("reason", "is required (at most 500 characters): why the record is kept")
        }
        return try await ErasureRequests(database: req.db, tenant: tenant).dismiss(try req.uuidParameter("id"), by: principal.user, reason: reason)
    }
}

/// An organization's erasure requests: listed newest first, erased (the record through `CustomerEraser`) or dismissed.
struct ErasureRequests {
    let database: any Database
    let tenant: Tenant

    func list(status: String?, _ page: PageRequest) async throws -> Page<AccountErasureRequest.Public> {
        let query = tenant.query(AccountErasureRequest.self, on: database)
        if let status { query.filter(\.$status == status) }
        let total = try await query.copy().count()
        let requests = try await query.sort(\.$requestedAt, .descending).sort(\.$id, .descending)
            .range(page.offset..<(page.offset + page.perPage)).all()
        return Page(try await present(requests), total: total, nextCursor: nil, request: page)
    }

    func present(_ requests: [AccountErasureRequest]) async throws -> [AccountErasureRequest.Public] {
        let ids = requests.map(\.customerID)
        var names: [UUID: String] = [:]
        if !ids.isEmpty {
            for customer in try await tenant.query(Customer.self, on: database).filter(\.$id ~~ ids).all() { names[customer.id!] = customer.name }
        }
        return requests.map {
            .init(id: $0.id!, customerID: $0.customerID, customerName: names[$0.customerID], status: $0.status, requestedAt: $0.requestedAt,
                  handledAt: $0.handledAt, handledBy: $0.handledByName, reason: $0.handledReason)
        }
    }

    func require(_ id: UUID) async throws -> AccountErasureRequest {
        guard let request = try await tenant.find(AccountErasureRequest.self, id: id, on: database) else { throw Problem.notFound("erasure request") }
        guard request.status == AccountErasureRequest.Status.open.rawValue else {
            throw Problem.conflict("This request was already \(request.status)", field: "status")
        }
        return request
    }

    func erase(_ id: UUID, by user: User, reason: String?) async throws -> AccountErasureRequest.Public {
        let request = try await require(id)
        let reason = reason.flatMap { $0.isEmpty ? nil : String($0.prefix(500)) } ?? "Asked by the customer from their account"
        if let customer = try await tenant.find(Customer.self, id: request.customerID, on: database), customer.name != CustomerEraser.placeholderName {
            _ = try await CustomerEraser(database: database, tenant: tenant, erasedBy: user.id)
                .erase(customer, reason: reason)
        }
        return try await close(request, as: .erased, by: user, reason: reason)
    }

    func dismiss(_ id: UUID, by user: User, reason: String) async throws -> AccountErasureRequest.Public {
        try await close(try await require(id), as: .dismissed, by: user, reason: reason)
    }

    private func close(_ request: AccountErasureRequest, as status: AccountErasureRequest.Status, by user: User,
                       reason: String? = nil) async throws -> AccountErasureRequest.Public {
        let now = Date()
        try await WriteTransaction.run(on: database) { db in
            let rows = try await SQLRows.all("""
                UPDATE account_erasure_requests SET status = \(bind: status.rawValue), handled_at = \(bind: now),
                handled_by_id = \(bind: user.id), handled_by_name = \(bind: user.name), handled_reason = \(bind: reason)
                WHERE organization_id = \(bind: request.organizationID) AND id = \(bind: request.requireID()) AND status = 'open' RETURNING id
                """, on: try db.sql)
            guard !rows.isEmpty else { throw Problem.conflict("This request was handled at the same moment", field: "status") }
            try await AuditEntry(actorUserID: user.requireID(), organizationID: request.organizationID, action: "erasure_request_\(status.rawValue)",
                                 method: "POST", path: "/api/v1/erasure-requests/\(request.id!.canonicalString)/\(status == .erased ? "erase" : "dismiss")",
                                 status: 200, requestID: nil).create(on: db)
        }
        request.status = status.rawValue
        request.handledAt = now
        request.handledByName = user.name
        request.handledReason = reason
        return try await present([request])[0]
    }
}
