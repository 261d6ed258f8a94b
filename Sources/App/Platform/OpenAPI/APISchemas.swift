/// Component schemas of the OpenAPI document.
enum APISchemas {
    static func object(_ properties: [String: JSONValue], required: [String] = [], description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func string(_ description: String? = nil, format: String? = nil, maxLength: Int? = nil,
                       enumValues: [String]? = nil, nullable: Bool = false) -> JSONValue {
        var schema: [String: JSONValue] = ["type": nullable ? ["string", "null"] : "string"]
        if let description { schema["description"] = .string(description) }
        if let format { schema["format"] = .string(format) }
        if let maxLength { schema["maxLength"] = .int(maxLength) }
        if let enumValues { schema["enum"] = .array(enumValues.map(JSONValue.string)) }
        return .object(schema)
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func page(of item: String) -> JSONValue {
        object([
            "data": ["type": "array", "items": ref(item)],
            "page": ["type": "integer"],
            "per_page": ["type": "integer"],
            "total": ["type": "integer"],
            "next_cursor": string("Pass as cursor for the next page; null on the last", nullable: true),
        ], required: ["data", "page", "per_page", "total", "next_cursor"])
    }

    static let timestamp = string(format: "date-time")
    static let roles = ["admin", "dispatcher", "agent", "guest"]

    static var settings: JSONValue {
        object([
            "default_country": string("ISO 3166-1 alpha-2; reads phone numbers written without a country code (default US)"),
            "timezone": string("IANA time zone (default UTC)"),
            "currency": string("ISO 4217 (default USD)"),
            "unique_customer_names": ["type": "boolean", "description": "Refuse a second customer with the same name"],
            "courier": ["type": "boolean", "description": "A courier organization: teams, business clients and their portal"],
            "notifications": NotificationSchemas.matrix,
            "loyalty": LoyaltySchemas.program,
        ])
    }

    static var all: [String: JSONValue] {
        [
            "Problem": object([
                "type": string("A URI naming the kind of problem"),
                "title": string(), "status": ["type": "integer"], "detail": string(),
                "instance": string("The request path"), "request_id": string(),
                "errors": ["type": "array", "items": object([
                    "field": string("The field, as sent: name, settings.timezone, tags[3]"),
                    "message": string(),
                ], required: ["field", "message"])],
            ], required: ["type", "title", "status", "detail"], description: "RFC 9457 problem details"),
            "Health": object(["status": string(), "database": string()]),
            "Readiness": object(["status": string(), "database": string(), "migrations": string()]),
            "TokenRequest": object(["email": string(format: "email"), "password": string()], required: ["email", "password"]),
            "TokenResponse": object([
                "token": string("Send as Authorization: Bearer <token>"), "token_type": string(enumValues: ["Bearer"]),
                "expires_at": timestamp, "user": ref("User"),
            ], required: ["token", "expires_at", "user"]),
            "User": object([
                "id": string(format: "uuid"), "organization_id": string(format: "uuid", nullable: true),
                "email": string(format: "email"), "name": string(),
                "role": string(enumValues: ["super_admin"] + roles), "disabled": ["type": "boolean"],
                "last_login_at": string(format: "date-time", nullable: true),
                "created_at": timestamp, "updated_at": timestamp,
            ], required: ["id", "email", "name", "role", "disabled"]),
            "UserCreate": object([
                "email": string(format: "email", maxLength: 254), "name": string(maxLength: 200),
                "password": string("10 characters or more"), "role": string(enumValues: roles),
            ], required: ["email", "name", "password", "role"]),
            "UserUpdate": object([
                "email": string(format: "email", maxLength: 254), "name": string(maxLength: 200),
                "password": string("10 characters or more; ends the user's sessions"),
                "role": string(enumValues: roles), "disabled": ["type": "boolean", "description": "A disabled user's tokens stop working at once"],
            ]),
            "UserPage": page(of: "User"),
            "OrganizationSettings": settings,
            "Organization": object([
                "id": string(format: "uuid"), "name": string(), "slug": string(),
                "settings": ref("OrganizationSettings"), "created_at": timestamp, "updated_at": timestamp,
            ], required: ["id", "name", "slug", "settings"]),
            "OrganizationCreate": object([
                "name": string(maxLength: 200),
                "slug": string("Lower-case letters, digits and hyphens; unique", maxLength: 63),
                "admin": object(["email": string(format: "email"), "name": string(), "password": string()],
                                required: ["email", "name", "password"]),
                "settings": ref("OrganizationSettings"),
            ], required: ["name", "slug", "admin"]),
            "OrganizationUpdate": object(["name": string(maxLength: 200), "settings": ref("OrganizationSettings")]),
            "OrganizationPage": page(of: "Organization"),
            "AuditEntry": object([
                "id": string(format: "uuid"), "actor_user_id": string(format: "uuid"),
                "organization_id": string(format: "uuid", nullable: true), "action": string(),
                "method": string(), "path": string(), "status": ["type": "integer"],
                "request_id": string(nullable: true), "created_at": timestamp,
            ]),
            "AuditEntryPage": page(of: "AuditEntry"),
        ].merging(CustomerSchemas.all) { first, _ in first }.merging(DeliverySchemas.all) { first, _ in first }
            .merging(NotificationSchemas.all) { first, _ in first }.merging(LoyaltySchemas.all) { first, _ in first }
            .merging(CourierSchemas.all) { first, _ in first }.merging(AccountSchemas.all) { first, _ in first }
            .merging(SegmentSchemas.all) { first, _ in first }
            .merging(MergeSchemas.all) { first, _ in first }
            .merging(DuplicateSchemas.all) { first, _ in first }
    }
}
