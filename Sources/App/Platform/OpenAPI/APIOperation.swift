/// One documented route: what it takes and what it answers, errors included.
struct APIOperation: Sendable {
    var method: String
    /// OpenAPI form, with `{id}` parameters.
    var path: String
    var summary: String
    var tag: String
    var authenticated = true
    /// Whether a staff token acts in an organization here (`X-Organization-Id`); a customer account's routes do not.
    var actsInOrganization = true
    var parameters: [JSONValue] = []
    var requestSchema: String?
    var success: (status: Int, description: String, schema: String?)
    var errors: [Int] = []
    /// Path parameters that are not ids (`{event}`), with their schemas; the others are UUIDs.
    var pathSchemas: [String: JSONValue] = [:]

    var json: JSONValue {
        var responses: [String: JSONValue] = [:]
        var ok: [String: JSONValue] = ["description": .string(success.description)]
        if let schema = success.schema {
            ok["content"] = ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]]
        }
        responses[String(success.status)] = .object(ok)
        var errorStatuses = Set(errors)
        // Every signed-in route: a malformed X-Organization-Id is 400, another organization's (for anyone but a super
        // admin) 403, an unknown one 404; and the role check is 403.
        if authenticated { errorStatuses.formUnion([400, 401, 403, 404]) }
        if requestSchema != nil { errorStatuses.formUnion([400, 413, 422]) }
        // Every route: a query string that is not UTF-8 is 400, one with a control character 422; a database pool
        // busy past its timeout answers 503.
        errorStatuses.formUnion([400, 405, 422, 500, 503])
        for status in errorStatuses.sorted() {
            responses[String(status)] = ["$ref": .string("#/components/responses/Problem\(status)")]
        }
        var operation: [String: JSONValue] = [
            "summary": .string(summary),
            "tags": [.string(tag)],
            "operationId": .string(operationID),
            "responses": .object(responses),
        ]
        var allParameters = parameters
        for name in pathParameterNames {
            allParameters.append(["name": .string(name), "in": "path", "required": true,
                                  "schema": pathSchemas[name] ?? ["type": "string", "format": "uuid"]])
        }
        if authenticated {
            operation["security"] = [["bearerAuth": []]]
            if actsInOrganization { allParameters.append(["$ref": "#/components/parameters/OrganizationHeader"]) }
        } else {
            operation["security"] = []
        }
        if !allParameters.isEmpty { operation["parameters"] = .array(allParameters) }
        if let requestSchema {
            operation["requestBody"] = ["required": true, "content": [
                "application/json": ["schema": ["$ref": .string("#/components/schemas/\(requestSchema)")]]]]
        }
        return .object(operation)
    }

    var pathParameterNames: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    private var operationID: String {
        let words = path.split(separator: "/").map { $0.hasPrefix("{") ? "by_" + $0.dropFirst().dropLast() : String($0) }
        return ([method.lowercased()] + words).joined(separator: "_").replacingOccurrences(of: ".", with: "_")
            .replacingOccurrences(of: "-", with: "_")
    }

    static func query(_ name: String, _ description: String, type: String = "string", minimum: Int? = nil,
                      maximum: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string(type)]
        if let minimum { schema["minimum"] = .int(minimum) }
        if let maximum { schema["maximum"] = .int(maximum) }
        return ["name": .string(name), "in": "query", "required": false, "description": .string(description),
                "schema": .object(schema)]
    }

    static let pagination: [JSONValue] = [
        query("page", "Page number, from 1 to 10,000,000 (deeper pages by cursor)", type: "integer",
              minimum: 1, maximum: PageRequest.maxPage),
        query("per_page", "Items per page, 1 to 100 (default 20)", type: "integer", minimum: 1, maximum: PageRequest.maxPerPage),
        query("cursor", "The next_cursor of the previous page; faster than page for deep pages"),
    ]
}
