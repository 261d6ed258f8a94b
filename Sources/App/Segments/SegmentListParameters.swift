import Fluent
import Vapor

/// `?segment_id=` on the customer list, its exports and the dashboard: the segment's filters with the request's own
/// filters on top (a filter given in both takes the request's value), and the request's sort.
enum SegmentListParameters {
    static func resolve(_ req: Request, access: CustomerAccess, timezone: TimeZone) async throws -> CustomerListParameters {
        let query = req.queryValues()
        guard let raw = query("segment_id"), !raw.trimmingCharacters(in: .whitespaces).isEmpty else {
            return try CustomerListParameters(timezone: timezone, value: query)
        }
        let segment = try await require(raw, field: "segment_id", access: access, on: req.database)
        return try segment.filters.parameters(timezone: timezone, overrides: query)
    }

    /// The segment a request names, for a caller who may use segments: 422 naming `field` when the id is malformed,
    /// 404 when it is unknown or another organization's.
    static func require(_ raw: String, field: String, access: CustomerAccess, on database: any Database) async throws -> Segment {
        try access.principal.require(.useSegments)
        guard let id = UUID(uuidString: raw.trimmingCharacters(in: .whitespaces)) else {
            throw Problem.invalid(field, "must be a segment id (a UUID)")
        }
        return try await access.tenant.require(Segment.self, id: id, on: database, what: "segment")
    }
}
