import Vapor

/// `GET /api/v1/customers/duplicates`: the organization's likely pairs, best first (admins and dispatchers).
struct DuplicatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("customers").get("duplicates", use: list)
    }

    func list(req: Request) async throws -> Page<DuplicatePair> {
        let principal = try req.principal
        try principal.require(.seeDuplicates)
        let tenant = try principal.tenant()
        return try await DuplicatePairs(database: req.database, organizationID: tenant.organizationID).page(try PageRequest(from: req))
    }
}
