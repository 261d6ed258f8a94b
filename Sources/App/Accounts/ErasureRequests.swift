import Fluent
import SQLKit
import Vapor

/// An organization's erasure requests, for its admins on the API and the dashboard alike: listed, counted, erased (the
/// record through `CustomerEraser`) or dismissed with a reason. Each handling is audited with the route it came from.
struct ErasureRequests {
    let database: any Database
    let tenant: Tenant
    /// The route a handling came from, for the audit log (the API's when nil).
    var origin: (path: String, requestID: String?)? = nil

    /// The service for the caller, who must be allowed to erase customers (admins), inside an organization.
    static func make(for req: Request) throws -> (ErasureRequests, Principal) {
        let principal = try req.principal
        let tenant = try principal.tenant()
        try principal.require(.eraseCustomers)
        return (ErasureRequests(database: req.database, tenant: tenant, origin: (req.url.path, req.requestID)), principal)
    }

    /// The requests, newest first; of one status when `status` is given.
    func list(status: String?, _ page: PageRequest) async throws -> Page<AccountErasureRequest.Public> {
        let query = tenant.query(AccountErasureRequest.self, on: database)
        if let status { query.filter(\.$status == status) }
        let total = try await query.copy().count()
        let requests = try await query.sort(\.$requestedAt, .descending).sort(\.$id, .descending)
            .range(page.offset..<(page.offset + page.perPage)).all()
        return Page(try await present(requests), total: total, nextCursor: nil, request: page)
    }

    /// The erased and dismissed requests, the latest handled first.
    func handled(_ page: PageRequest) async throws -> Page<AccountErasureRequest.Public> {
        let query = tenant.query(AccountErasureRequest.self, on: database)
            .filter(\.$status != AccountErasureRequest.Status.open.rawValue)
        let total = try await query.copy().count()
        let requests = try await query.sort(\.$handledAt, .descending).sort(\.$id, .descending)
            .range(page.offset..<(page.offset + page.perPage)).all()
        return Page(try await present(requests), total: total, nextCursor: nil, request: page)
    }

    /// How many requests wait for an admin (read from the organization-and-status index).
    func openCount() async throws -> Int {
        try await tenant.query(AccountErasureRequest.self, on: database)
            .filter(\.$status == AccountErasureRequest.Status.open.rawValue).count()
    }

    /// One request, whatever its status.
    func show(_ id: UUID) async throws -> AccountErasureRequest.Public {
        guard let request = try await tenant.find(AccountErasureRequest.self, id: id, on: database) else { throw Problem.notFound("erasure request") }
        return try await present([request])[0]
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

    /// The open request `id`: 404 when there is none, 409 when it was handled already.
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

    /// Keeps the record: `reason` (why it is kept, e.g. a legal hold) is required.
    func dismiss(_ id: UUID, by user: User, reason: String?) async throws -> AccountErasureRequest.Public {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty, reason.count <= 500 else {
            throw Problem.invalid("reason", "is required (at most 500 characters): why the record is kept")
        }
        return try await close(try await require(id), as: .dismissed, by: user, reason: reason)
    }

    private func close(_ request: AccountErasureRequest, as status: AccountErasureRequest.Status, by user: User,
                       reason: String? = nil) async throws -> AccountErasureRequest.Public {
        let now = Date()
        let path = origin?.path ?? "/api/v1/erasure-requests/\(request.id!.canonicalString)/\(status == .erased ? "erase" : "dismiss")"
        let requestID = origin?.requestID
        try await WriteTransaction.run(on: database) { db in
            let rows = try await SQLRows.all("""
                UPDATE account_erasure_requests SET status = \(bind: status.rawValue), handled_at = \(bind: now),
                handled_by_id = \(bind: user.id), handled_by_name = \(bind: user.name), handled_reason = \(bind: reason)
                WHERE organization_id = \(bind: request.organizationID) AND id = \(bind: request.requireID()) AND status = 'open' RETURNING id
                """, on: try db.sql)
            guard !rows.isEmpty else { throw Problem.conflict("This request was handled at the same moment", field: "status") }
            try await AuditEntry(actorUserID: user.requireID(), organizationID: request.organizationID, action: "erasure_request_\(status.rawValue)",
                                 method: "POST", path: path, status: 200, requestID: requestID).create(on: db)
        }
        request.status = status.rawValue
        request.handledAt = now
        request.handledByName = user.name
        request.handledReason = reason
        return try await present([request])[0]
    }
}
