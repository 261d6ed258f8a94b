/// Assembles the OpenAPI 3.1 document from `APIOperations` and `APISchemas`.
enum OpenAPIDocument {
    static let problemStatuses: [Int: String] = [
        400: "Malformed JSON or a malformed parameter", 401: "Missing, invalid, expired or revoked token",
        403: "The caller's role does not allow this", 404: "Not found (also another organization's record)",
        405: "Method not allowed on this path; see the Allow header", 409: "Conflicts with an existing record",
        410: "The link was used, replaced by a newer one, or expired", 412: "If-Match names a stale version",
        413: "Request body too large",
        422: "Invalid values; errors lists each field", 429: "Too many requests; see Retry-After",
        500: "Unexpected server error", 503: "The database is unreachable",
    ]

    static func build() -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in APIOperations.all {
            paths[operation.path, default: [:]][operation.method.lowercased()] = operation.json
        }
        var responses: [String: JSONValue] = [:]
        for (status, description) in problemStatuses {
            responses["Problem\(status)"] = [
                "description": .string(description),
                "content": ["application/problem+json": ["schema": APISchemas.ref("Problem")]],
            ]
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Clientele API",
                "version": "1.0.0",
                "description": "Multi-tenant customer management. Every error is application/problem+json (RFC 9457).",
            ],
            "servers": [["url": "/"]],
            "paths": .object(paths.mapValues { JSONValue.object($0) }),
            "components": [
                "schemas": .object(APISchemas.all),
                "responses": .object(responses),
                "parameters": [
                    "OrganizationHeader": [
                        "name": "X-Organization-Id", "in": "header", "required": false,
                        "description": "A super admin acting inside an organization names it here (audited)",
                        "schema": ["type": "string", "format": "uuid"],
                    ],
                ],
                "securitySchemes": [
                    "bearerAuth": ["type": "http", "scheme": "bearer",
                                   "description": "A staff token from POST /api/v1/auth/token or `clientele create-token`; the /api/v1/account routes take a customer account's token (cla_…) from POST /api/v1/accounts/token instead, and refuse staff and client tokens (403), as every other route refuses an account token"],
                ],
            ],
            "security": [["bearerAuth": []]],
        ]
    }
}
