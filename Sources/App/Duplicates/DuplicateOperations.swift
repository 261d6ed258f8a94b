/// The possible-duplicates route, as the OpenAPI document lists it.
enum DuplicateOperations {
    static let all: [APIOperation] = [
        APIOperation(method: "GET", path: "/api/v1/customers/duplicates",
                     summary: "The organization's likely duplicate pairs, best first (admins and dispatchers)", tag: "customers",
                     parameters: APIOperation.pagination, success: (200, "A page of pairs", "DuplicatePairPage"), errors: [403, 422]),
    ]
}
