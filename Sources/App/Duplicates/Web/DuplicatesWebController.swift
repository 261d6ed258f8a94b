import Vapor

/// `/duplicates`: the pairs page, with the same rules and order as `GET /api/v1/customers/duplicates`.
struct DuplicatesWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("duplicates", use: list)
    }

    func list(req: Request) async throws -> Response {
        let context = try req.dashboard
        let principal = try req.principal
        try principal.require(.seeDuplicates)
        let tenant = try principal.tenant()
        let query = WebQuery.values(of: req, keys: ["page", "cursor"])
        WebQuery.dropEmpty(req)
        let pairs = try await DuplicatePairs(database: req.database, organizationID: tenant.organizationID).page(try PageRequest(from: req))
        return Layout.response(DuplicatesPage.page(pairs, query: query, canMerge: principal.role.allows(.mergeCustomers)),
                               context: context)
    }
}
