import Fluent
import Foundation
import Vapor

/// GDPR: `GET /customers/{id}/data-export` (admins and dispatchers) and `POST /customers/{id}/erase` (admins).
struct CustomerPrivacyController: RouteCollection {
    static let maxReason = 500

    func boot(routes: any RoutesBuilder) throws {
        let customer = routes.grouped("customers", ":id")
        customer.get("data-export", use: dataExport)
        customer.post("erase", use: erase)
    }

    func dataExport(req: Request) async throws -> Response {
        let principal = try req.principal
        try principal.require(.exportPersonalData)
        let access = try CustomerAccess(principal)
        let customer = try await access.require(try req.uuidParameter("id"), on: req.database)
        let document = try await CustomerDataExport.gather(customer, tenant: access.tenant, on: req.database)
        let response = Response(status: .ok, body: .init(data: try JSONEncoder.api.encode(document)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"customer-\(try customer.requireID()).json\"")
        return response
    }

    struct EraseRequest: Decodable {
        var reason: String?
    }

    struct EraseResponse: Content {
        let id: UUID
        let customerID: UUID
        let erasedAt: Date
        let erasedBy: UUID?
        let reason: String

        enum CodingKeys: String, CodingKey {
            case id, reason
            case customerID = "customer_id", erasedAt = "erased_at", erasedBy = "erased_by"
        }
    }

    /// What is wrong with an erasure's reason (trimmed), if anything: the API's and the dashboard's one rule.
    static func reasonProblem(_ reason: String) -> Problem.FieldError? {
        if reason.isEmpty { return .init(field: "reason", message: "is required: why the customer is erased") }
        if reason.count > maxReason { return .init(field: "reason", message: "must be at most \(maxReason) characters") }
        return nil
    }

    func erase(req: Request) async throws -> EraseResponse {
        let principal = try req.principal
        try principal.require(.eraseCustomers)
        let access = try CustomerAccess(principal)
        let body = try req.decodeJSON(EraseRequest.self)
        let reason = body.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if let problem = Self.reasonProblem(reason) { throw Problem.validation([problem]) }
        let customer = try await access.require(try req.uuidParameter("id"), on: req.database)
        let record = try await CustomerEraser(database: req.database, tenant: access.tenant, erasedBy: principal.userID)
            .erase(customer, reason: reason)
        return EraseResponse(id: try record.requireID(), customerID: record.customerID, erasedAt: record.erasedAt,
                             erasedBy: record.erasedByID, reason: record.reason)
    }
}
