/// Routes of saved segments.
enum SegmentOperations {
    typealias O = APIOperation

    static let all: [APIOperation] = [
        O(method: "GET", path: "/api/v1/segments", summary: "Saved segments by name, each with its live count (admins, dispatchers)",
          tag: "segments", parameters: O.pagination, success: (200, "A page of segments", "SegmentPage"), errors: [403, 422]),
        O(method: "POST", path: "/api/v1/segments", summary: "Save a segment: a name and the list's filters (admins, dispatchers)",
          tag: "segments", parameters: [CustomerOperationsHeaders.idempotencyKey], requestSchema: "SegmentInput",
          success: (201, "The segment with its count", "Segment"), errors: [403, 409, 422]),
        O(method: "GET", path: "/api/v1/segments/{id}", summary: "One segment with its live count", tag: "segments",
          success: (200, "The segment", "Segment"), errors: [403, 404]),
        O(method: "PATCH", path: "/api/v1/segments/{id}", summary: "Rename a segment or replace its filters", tag: "segments",
          requestSchema: "SegmentInput", success: (200, "The segment", "Segment"), errors: [403, 404, 409, 422]),
        O(method: "DELETE", path: "/api/v1/segments/{id}", summary: "Delete a segment (its customers stay)", tag: "segments",
          success: (204, "Deleted", nil), errors: [403, 404]),
    ]
}
