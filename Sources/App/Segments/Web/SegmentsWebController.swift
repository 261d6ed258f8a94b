import Vapor

/// The segments pages: `/segments` lists the saved segments with their live counts and links to their customers and
/// exports; a segment is saved from the customers page's filters, renamed, or deleted after a confirmation. Thin:
/// `SegmentService` applies the same rules as the API.
struct SegmentsWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("segments", use: list)
        routes.post("segments", use: save)
        routes.post("segments", ":id", use: rename)
        routes.post("segments", ":id", "delete", use: delete)
    }

    func list(req: Request) async throws -> Response {
        let context = try req.dashboard
        let service = try await SegmentService.make(for: req)
        let page = try PageRequest(from: req)
        let (segments, total) = try await service.listWithCounts(page: page)
        let rows = segments.map { SegmentsPage.Row(segment: $0.segment, count: $0.count) }
        return Layout.response(SegmentsPage.page(rows, total: total, page: page, csrf: context.csrf), context: context)
    }

    /// From the customers page: a name and the filters in use; a segment the page started from gives the filters the
    /// page did not set.
    func save(req: Request) async throws -> Response {
        let service = try await SegmentService.make(for: req)
        let fields = try req.formFields()
        var filters: [String: JSONValue] = [:]
        if let raw = fields["from_segment_id"], let id = UUID(uuidString: raw) {
            for (key, value) in try await service.require(id).filters.values { filters[key] = .string(value) }
        }
        for name in CustomerListParameters.filterNames {
            if let value = fields[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { filters[name] = .string(value) }
        }
        do {
            let segment = try await service.create(Segment.Input(name: fields["name"], filters: .object(filters)))
            return req.redirect(to: "/customers?segment_id=\(segment.id!.canonicalString)", flash: "Segment “\(segment.name)” saved.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            return req.redirect(to: "/segments", flash: "Not saved: \(problem.detail)")
        }
    }

    func rename(req: Request) async throws -> Response {
        let service = try await SegmentService.make(for: req)
        let segment = try await service.require(try req.uuidParameter("id"))
        do {
            let renamed = try await service.update(segment, with: Segment.Input(name: try req.formFields()["name"], filters: nil))
            return req.redirect(to: "/segments", flash: "Segment renamed “\(renamed.name)”.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            return req.redirect(to: "/segments", flash: "Not renamed: \(problem.detail)")
        }
    }

    func delete(req: Request) async throws -> Response {
        let service = try await SegmentService.make(for: req)
        let segment = try await service.require(try req.uuidParameter("id"))
        try await service.delete(segment)
        return req.redirect(to: "/segments", flash: "Segment “\(segment.name)” deleted; its customers stay.")
    }
}
