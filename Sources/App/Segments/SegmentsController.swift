import Fluent
import Vapor

/// Saved segments over HTTP: `GET, POST /segments`, `GET, PATCH, DELETE /segments/{id}`, each with its live count.
/// Admins and dispatchers; using one is `?segment_id=` on the customer list and exports, `segment_id` in a message.
struct SegmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let segments = routes.grouped("segments")
        segments.get(use: list)
        segments.post(use: create)
        segments.get(":id", use: show)
        segments.patch(":id", use: update)
        segments.delete(":id", use: delete)
    }

    func list(req: Request) async throws -> Page<Segment.Public> {
        let service = try await SegmentService.make(for: req)
        let page = try PageRequest(from: req)
        let (segments, total) = try await service.listWithCounts(page: page)
        return Page(segments.map { $0.segment.asPublic(count: $0.count) }, total: total, nextCursor: nil, request: page)
    }

    func create(req: Request) async throws -> Response {
        let service = try await SegmentService.make(for: req)
        return try await IdempotentRequest.respond(to: req) {
            let segment = try await service.create(try req.decodeJSON(Segment.Input.self))
            return try await segment.asPublic(count: try await service.count(segment))
                .created(at: "/api/v1/segments/\(segment.id!.canonicalString)", for: req)
        }
    }

    func show(req: Request) async throws -> Segment.Public {
        let service = try await SegmentService.make(for: req)
        let segment = try await service.require(try req.uuidParameter("id"))
        return segment.asPublic(count: try await service.count(segment))
    }

    func update(req: Request) async throws -> Segment.Public {
        let service = try await SegmentService.make(for: req)
        let segment = try await service.update(try await service.require(try req.uuidParameter("id")),
                                               with: try req.decodeJSON(Segment.Input.self))
        return segment.asPublic(count: try await service.count(segment))
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let service = try await SegmentService.make(for: req)
        try await service.delete(try await service.require(try req.uuidParameter("id")))
        return .noContent
    }
}
