/// OpenAPI schemas of the customer record.
enum CustomerSchemas {
    typealias S = APISchemas

    static var inputProperties: [String: JSONValue] {
        [
            "name": S.string("Required on create unless first_name/last_name are given", maxLength: 200),
            "first_name": S.string(maxLength: 100, nullable: true), "last_name": S.string(maxLength: 100, nullable: true),
            "company": S.string(maxLength: 200, nullable: true),
            "email": S.string("Stored lower-cased; unique in the organization", format: "email", nullable: true),
            "phone": S.string("Normalized to E.164 with the organization's default country; unique in the organization", nullable: true),
            "birthday": S.string("YYYY-MM-DD, not in the future", format: "date", nullable: true),
            "timezone": S.string("IANA time zone", nullable: true),
            "preferred_language": S.string("ISO 639-1 (default en)", nullable: true),
            "preferred_contact_method": S.string(enumValues: ["email", "phone", "sms"]),
            "best_time_to_call": S.string("morning, afternoon or evening", nullable: true),
            "notes": S.string("Staff only", maxLength: 10_000, nullable: true),
            "tags": ["type": "array", "maxItems": 50, "items": S.string(maxLength: 50)],
            "custom_fields": ["type": "object", "maxProperties": 50,
                              "additionalProperties": ["type": ["string", "number", "boolean"]]],
            "external_id": S.string(maxLength: 100, nullable: true),
            "source": S.string("The channel (create and upsert only; default api)", maxLength: 50),
            "status": S.string(enumValues: ["active", "inactive", "blocked"]),
            "marketing": S.object(["email_opt_in": ["type": "boolean"], "sms_opt_in": ["type": "boolean"],
                                   "source": S.string("Where the consent was given")]),
            "names_validated": ["type": "boolean"],
            "managed_by": S.string("A guest user of the organization", format: "uuid", nullable: true),
        ]
    }

    static var customer: JSONValue {
        var properties = inputProperties
        properties["id"] = S.string(format: "uuid")
        properties["organization_id"] = S.string(format: "uuid")
        properties["marketing"] = S.object([
            "email_opt_in": ["type": "boolean"], "email_opt_in_at": S.string(format: "date-time", nullable: true),
            "email_opt_in_source": S.string(nullable: true), "sms_opt_in": ["type": "boolean"],
            "sms_opt_in_at": S.string(format: "date-time", nullable: true), "sms_opt_in_source": S.string(nullable: true),
        ])
        properties["default_address"] = ["type": ["object", "null"]]
        properties["loyalty_points"] = ["type": "integer"]
        properties["total_orders"] = ["type": "integer"]
        properties["total_spent"] = S.string("Decimal string")
        properties["visits"] = ["type": "integer"]
        properties["first_order_at"] = S.string(format: "date-time", nullable: true)
        properties["last_order_at"] = S.string(format: "date-time", nullable: true)
        properties["version"] = ["type": "integer"]
        // Customer accounts: staff see that the record is linked and since when, never anything else of the account.
        properties["account"] = [
            "type": ["object", "null"], "description": "Null unless the record is linked to the person's customer account",
            "properties": ["linked": ["type": "boolean", "enum": [true]], "since": S.timestamp], "required": ["linked", "since"],
        ]
        properties["overridden_fields"] = [
            "type": "array", "description": "Inherited fields this organization changed: the account's changes no longer flow into them",
            "items": S.string(enumValues: AccountProfile.fields),
        ]
        properties["account_conflicts"] = [
            "type": "array", "description": "Account changes this organization's rules refused, one per field",
            "items": S.object([
                "field": S.string(enumValues: AccountProfile.fields),
                "value": S.string("The account's value; absent or null when it was cleared", nullable: true),
                "reason": S.string(), "at": S.timestamp,
            ], required: ["field", "reason", "at"]),
        ]
        properties["possible_duplicates"] = [
            "type": "array", "maxItems": 5, "items": S.ref("PossibleDuplicate"),
            "description": "Only in the answer of a create or an update: existing customers who look like the same person, best first",
        ]
        properties["created_at"] = S.timestamp
        properties["updated_at"] = S.timestamp
        // Every view has the id and the name; an agent's view has only those with phone, default address and notes,
        // a guest user's has no notes.
        var customer = S.object(properties, required: ["id", "name"])
        if case var .object(fields) = customer {
            fields["description"] = "A customer as the caller's role sees it: admins and dispatchers every field; guest users all but notes; agents id, name, phone, default address and notes."
            customer = .object(fields)
        }
        return customer
    }

    static var all: [String: JSONValue] {
        [
            "CustomerInput": S.object(inputProperties),
            "Customer": customer,
            "CustomerPage": S.object([
                "data": ["type": "array", "items": S.ref("Customer")], "page": ["type": "integer"],
                "per_page": ["type": "integer"], "total": ["type": "integer"],
                "total_is_estimate": ["type": "boolean", "description": "`total` is an estimate: more matched than were counted (the count stops at 10,000 matches; on SQLite a combination of filters that each match many customers is counted over the first 20,000 rows of one of them, and a search term with more than 20,000 matches over a sample of its first 2,000, scaled to 20,000; on PostgreSQL a search is judged past 10,000 from a sample of 2,000 of the organization's customers, spread over their creation order, when its share of them is half again beyond 10,000 and spread over at least half the sample; anything less sure is counted)"],
                "next_cursor": S.string(nullable: true),
            ], required: ["data", "page", "per_page", "total", "next_cursor"]),
            "CustomerEvent": S.object([
                "id": S.string(format: "uuid"),
                "type": S.string(enumValues: CustomerTimeline.EventType.allCases.map(\.rawValue)),
                "actor": S.object(["user_id": S.string(format: "uuid", nullable: true), "name": S.string(nullable: true)]),
                "source": S.string(), "details": ["type": "object"], "created_at": S.timestamp,
            ]),
            "CustomerEventPage": S.page(of: "CustomerEvent"),
        ]
    }
}
