import Vapor

/// Merging customers over HTTP: merge (or preview it), list and read merges, undo one.
struct MergesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let customers = routes.grouped("customers")
        customers.post("merge", use: merge)
        customers.get("merges", use: list)
        customers.get("merges", ":id", use: show)
        customers.post("merges", ":id", "undo", use: undo)
    }

    func merge(req: Request) async throws -> Response {
        let context = try await MergeContext.make(for: req)
        let request = try MergeRequest(try req.decodeJSON(MergeRequest.Body.self))
        if try Self.isPreview(req) {
            let outcome = try await context.merger.merge(request, preview: true)
            return try await MergeAnswers.Preview(
                preview: true, into: request.into, from: request.from, fields: outcome.merge.fields.mapValues(\.canonicalString),
                moved: outcome.merge.moved, customer: context.present(outcome.customer, address: outcome.defaultAddress)
            ).encodeResponse(for: req)
        }
        return try await IdempotentRequest.respond(to: req) {
            let outcome = try await context.merger.merge(request, preview: false)
            return try await MergeAnswers.Merged(merge: CustomerMergePublic(outcome.merge),
                                                 customer: context.present(outcome.customer, address: outcome.defaultAddress))
                .encodeResponse(for: req)
        }
    }

    func list(req: Request) async throws -> Page<CustomerMergePublic> {
        let context = try await MergeContext.make(for: req)
        let page = try PageRequest(from: req)
        let customerID = try req.query[String.self, at: "customer_id"].map { text in
            guard let id = UUID(uuidString: text) else { throw Problem.invalid("customer_id", "must be a customer id (a UUID)") }
            return id
        }
        let (merges, total, cursor) = try await context.records.list(page: page, customerID: customerID)
        let now = Date()
        return Page(merges.map { CustomerMergePublic($0, now: now) }, total: total, nextCursor: cursor, request: page)
    }

    func show(req: Request) async throws -> CustomerMergePublic {
        let context = try await MergeContext.make(for: req)
        let merge = try await context.records.require(try req.uuidParameter("id"))
        let snapshots = try await context.records.sources(of: merge.id).compactMap(\.snapshot).map { try CustomerSnapshot.decode($0) }
        return CustomerMergePublic(merge, removed: snapshots.map { context.present($0, address: nil) })
    }

    func undo(req: Request) async throws -> Response {
        let context = try await MergeContext.make(for: req)
        let id = try req.uuidParameter("id")
        return try await IdempotentRequest.respond(to: req) {
            let outcome = try await context.undo.undo(id)
            return try await MergeAnswers.Undone(merge: CustomerMergePublic(outcome.merge),
                                                 customer: context.present([outcome.customer])[0],
                                                 restored: context.present(outcome.restored)).encodeResponse(for: req)
        }
    }

    private static func isPreview(_ req: Request) throws -> Bool {
        switch req.query[String.self, at: "preview"]?.lowercased() {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        default: throw Problem.invalid("preview", "must be true or false")
        }
    }
}
