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
        let changes = try await LinkedRecordChanges.make(for: req, source: "api")
        let result = try await changes.inherit(req.parameters.get("field") ?? "", of: try req.uuidParameter("id"))
        let access = changes.service.access
        let (fresh, address) = try await access.requireWithDefaultAddress(try result.requireID(), on: req.database)
        return access.present(fresh, defaultAddress: address).response(status: .ok)
    }

    func unlink(req: Request) async throws -> HTTPStatus {
        _ = try await LinkedRecordChanges.make(for: req, source: "api").unlink(try req.uuidParameter("id"))
        return .noContent
    }

    // MARK: erasure requests

    func erasureRequests(req: Request) async throws -> Page<AccountErasureRequest.Public> {
        let (requests, _) = try ErasureRequests.make(for: req)
        let page = try PageRequest(from: req)
        var status: String?
        if let raw = req.query[String.self, at: "status"] {
            guard AccountErasureRequest.Status(rawValue: raw) != nil else {
                throw Problem.invalid("status", "must be one of open, erased, dismissed")
            }
            status = raw
        }
        return try await requests.list(status: status, page)
    }

    struct HandleInput: Decodable, Sendable {
        var reason: String?
    }

    func erase(req: Request) async throws -> AccountErasureRequest.Public {
        let (requests, principal) = try ErasureRequests.make(for: req)
        let input = (try? req.decodeJSON(HandleInput.self)) ?? HandleInput()
        return try await requests.erase(try req.uuidParameter("id"), by: principal.user, reason: input.reason)
    }

    func dismiss(req: Request) async throws -> AccountErasureRequest.Public {
        let (requests, principal) = try ErasureRequests.make(for: req)
        let input = try req.decodeJSON(HandleInput.self)
        return try await requests.dismiss(try req.uuidParameter("id"), by: principal.user, reason: input.reason)
    }
}
