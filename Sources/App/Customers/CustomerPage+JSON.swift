import Vapor

extension CustomerPage {
    /// The list envelope, written directly (see `JSONWriter`).
    func encodeResponse(for request: Request) async throws -> Response {
        var json = JSONWriter(capacity: 1_024 * (data.count + 1))
        json.beginObject()
        json.key("data")
        json.beginArray()
        for customer in data { customer.write(to: &json) }
        json.endArray()
        json.key("next_cursor"); json.string(nextCursor)
        json.key("page"); json.int(page)
        json.key("per_page"); json.int(perPage)
        json.key("total"); json.int(total)
        json.key("total_is_estimate"); json.bool(totalIsEstimate)
        json.endObject()
        return Response.json(json, status: .ok)
    }
}
