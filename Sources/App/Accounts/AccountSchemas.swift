/// OpenAPI schemas of customer accounts: the public realm (sign-up, sign-in, links sent by email), the account's own
/// routes, and the staff's erasure requests.
enum AccountSchemas {
    typealias S = APISchemas

    /// `{id, name, slug}` of an organization, as the account's answers name it.
    static var organizationRef: JSONValue {
        S.object(["id": S.string(format: "uuid"), "name": S.string(), "slug": S.string()], required: ["id", "name", "slug"])
    }

    /// `{status, detail}`: a request accepted, the same answer whatever the address.
    static var accepted: JSONValue {
        S.object(["status": S.string(enumValues: ["accepted"]), "detail": S.string()], required: ["status", "detail"])
    }

    static var all: [String: JSONValue] {
        let uuid = S.string(format: "uuid")
        let nullableUUID = S.string(format: "uuid", nullable: true)
        let nullableTime = S.string(format: "date-time", nullable: true)
        let password = S.string("At least 10 characters")
        return [
            // The public realm.
            "Account": S.object([
                "id": uuid, "email": S.string("The address the account signs in with (lower-cased)"),
                "email_verified": ["type": "boolean", "description": "The address was confirmed from the link sent to it"],
                "pending_email": S.string("A new address waiting for confirmation from the link sent to it", nullable: true),
                "name": S.string(nullable: true), "first_name": S.string(nullable: true), "last_name": S.string(nullable: true),
                "phone": S.string("E.164", nullable: true), "birthday": S.string("YYYY-MM-DD", format: "date", nullable: true),
                "preferred_language": S.string("ISO 639-1", nullable: true), "timezone": S.string("IANA time zone", nullable: true),
                "version": ["type": "integer", "description": "Also the ETag; send it as If-Match to change the account"],
                "created_at": S.timestamp, "updated_at": S.timestamp,
            ], required: ["id", "email", "email_verified", "pending_email", "name", "first_name", "last_name", "phone", "birthday",
                          "preferred_language", "timezone", "version", "created_at", "updated_at"],
                description: "A customer account as the person sees it"),
            "AccountSignUp": S.object([
                "email": S.string(format: "email", maxLength: 254), "password": password,
                "name": S.string(maxLength: 200, nullable: true),
                "preferred_language": S.string("ISO 639-1 (default en)", nullable: true),
            ], required: ["email", "password"]),
            "AccountSignUpReceipt": S.object([
                "email": S.string("The address, lower-cased"), "status": S.string(enumValues: ["verification_sent"]), "detail": S.string(),
            ], required: ["email", "status", "detail"],
                description: "The same answer whether the address already has an account or not"),
            "AccountLinkToken": S.object(["token": S.string("The secret of the link sent by email", maxLength: 200)],
                                         required: ["token"]),
            "AccountSignIn": S.object(["email": S.string(maxLength: 254), "password": S.string()], required: ["email", "password"]),
            "AccountTokenResponse": S.object([
                "token": S.string("An account token (cla_…): send as Authorization: Bearer <token> to /api/v1/account/…"),
                "token_type": S.string(enumValues: ["Bearer"]), "expires_at": S.timestamp, "account": S.ref("Account"),
            ], required: ["token", "token_type", "expires_at", "account"]),
            "AccountPasswordReset": S.object(["email": S.string(format: "email", maxLength: 254)], required: ["email"]),
            "AccountPasswordResetConfirm": S.object([
                "token": S.string("The secret of the link sent by email", maxLength: 200), "password": password,
            ], required: ["token", "password"]),
            "AccountAccepted": accepted,
            "PublicCheckoutInput": S.object([
                "organization": S.string("The organization's slug", maxLength: 100),
                "items": ["type": "array", "items": DeliverySchemas.item],
                "amount": S.string("Decimal string, like \"24.50\"; default: the items' total"),
                "currency": S.string("ISO 4217 (default: the organization's)"), "payment_method": S.string(nullable: true),
                "contact": S.object([
                    "name": S.string(maxLength: 200, nullable: true),
                    "email": S.string("Required with account: true", format: "email", maxLength: 254, nullable: true),
                    "phone": S.string(nullable: true),
                ], description: "Without an account token: the buyer, with an email or a phone"),
                "account": ["type": ["boolean", "null"], "description": "true: also create an account (needs contact.email and password)"],
                "password": S.string("With account: true; at least 10 characters", nullable: true),
            ], required: ["organization"], description: "Items or an amount; with an account token only organization, items, amount, currency and payment_method count"),
            "PublicCheckoutReceipt": S.object([
                "order": S.object([
                    "id": uuid, "number": S.string(), "status": S.string(enumValues: ["placed", "completed", "cancelled"]),
                    "payment_status": S.string(enumValues: ["pending", "paid", "refunded", "failed"]),
                    "amount": S.string("Decimal string"), "currency": S.string(), "placed_at": S.timestamp,
                ], required: ["id", "number", "status", "payment_status", "amount", "currency", "placed_at"]),
                "account": S.string("linked: the account's order; verification_sent: an account was asked for (the same answer when the email had one); guest",
                                    enumValues: ["linked", "verification_sent", "guest"]),
            ], required: ["order", "account"]),

            // The account's own routes.
            "AccountUpdate": S.object([
                "email": S.string("A new address: kept in pending_email until confirmed from the link sent to it; cannot be null",
                                  format: "email", maxLength: 254),
                "name": S.string(maxLength: 200), "first_name": S.string(maxLength: 100, nullable: true),
                "last_name": S.string(maxLength: 100, nullable: true),
                "phone": S.string("Must start with + and the country code; stored as E.164", nullable: true),
                "birthday": S.string("YYYY-MM-DD, not in the future", format: "date", nullable: true),
                "timezone": S.string("IANA time zone", nullable: true),
                "preferred_language": S.string("ISO 639-1; cannot be cleared once set"),
            ], description: "The fields sent change (null clears); the inherited ones flow to every linked customer record"),
            "AccountLink": S.object([
                "organization_id": uuid, "organization": organizationRef, "linked_at": S.timestamp,
                "email_opt_in": ["type": "boolean"], "sms_opt_in": ["type": "boolean"],
            ], required: ["organization_id", "organization", "email_opt_in", "sms_opt_in"],
                description: "The account's link to one organization (its customer record there) and its marketing consent"),
            "AccountLinkPage": S.page(of: "AccountLink"),
            "AccountLinkJoin": S.object(["organization": S.string("The organization's slug", maxLength: 100)], required: ["organization"]),
            "AccountLinkConsent": S.object([
                "email_opt_in": ["type": "boolean"], "sms_opt_in": ["type": "boolean"],
            ], description: "Either or both; this organization's record only"),
            "AccountLoyaltyEntry": S.object([
                "id": uuid, "kind": S.string(enumValues: LoyaltyEntryKind.allCases.map(\.rawValue)),
                "points": ["type": "integer"], "balance_after": ["type": "integer"], "reason": S.string(nullable: true),
                "order_id": nullableUUID, "reward_id": nullableUUID, "expires_at": nullableTime, "created_at": S.timestamp,
            ], required: ["id", "kind", "points", "balance_after", "reason", "order_id", "reward_id", "expires_at", "created_at"],
                description: "A loyalty ledger line as the person sees it: no staff names"),
            "AccountLoyaltyEntryPage": S.page(of: "AccountLoyaltyEntry"),
            "AccountRedemptionInput": S.object([
                "reward_id": S.string("A reward of the organization's catalogue", format: "uuid"), "order_id": nullableUUID,
            ], required: ["reward_id"]),
            "AccountOrder": S.object([
                "id": uuid, "number": S.string(), "organization": organizationRef, "platform": S.string(),
                "amount": S.string("Decimal string"), "currency": S.string(),
                "payment_status": S.string(enumValues: ["pending", "paid", "refunded", "failed"]),
                "status": S.string(enumValues: ["placed", "completed", "cancelled"]), "placed_at": S.timestamp,
                "completed_at": nullableTime, "items": ["type": "array", "items": DeliverySchemas.item],
                "loyalty_points": ["type": "integer"],
                "tasks": ["type": "array", "items": S.object([
                    "id": uuid, "type": S.string(), "status": S.string(), "tracking_url": S.string(nullable: true),
                    "eta": S.string("The end of the drop-off window", format: "date-time", nullable: true),
                    "completed_at": nullableTime,
                ], required: ["id", "type", "status", "tracking_url", "eta", "completed_at"])],
            ], required: ["id", "number", "organization", "platform", "amount", "currency", "payment_status", "status", "placed_at",
                          "completed_at", "items", "loyalty_points", "tasks"],
                description: "An order as its customer sees it, with its tasks' tracking status"),
            "AccountOrderPage": S.page(of: "AccountOrder"),
            "AccountCheckoutInput": S.object([
                "organization": S.string("The organization's slug; joined first when not yet linked", maxLength: 100),
                "items": ["type": "array", "items": DeliverySchemas.item],
                "amount": S.string("Decimal string, like \"24.50\"; when there are no items"),
                "currency": S.string("ISO 4217 (default: the organization's)"), "payment_method": S.string(nullable: true),
            ], required: ["organization"], description: "Items or an amount; the order is placed with payment pending"),
            "AccountMessage": S.object([
                "id": uuid, "organization_id": uuid, "event": S.string(), "subject": S.string("Absent when the message has none"),
                "body": S.string(), "created_at": S.timestamp,
            ], required: ["id", "organization_id", "event", "body", "created_at"]),
            "AccountMessagePage": S.page(of: "AccountMessage"),
            "AccountDataExport": S.object([
                "exported_at": S.timestamp, "account": S.ref("Account"),
                "links": ["type": "array", "items": S.object([
                    "organization": organizationRef,
                    "data": ["type": "object",
                             "description": "That organization's data export of the person's record (as GET /api/v1/customers/{id}/data-export)"],
                ], required: ["organization", "data"])],
            ], required: ["exported_at", "account", "links"], description: "Everything held about the person"),
            "AccountErasureReceipt": S.object([
                "status": S.string(enumValues: ["requested"]),
                "organizations": ["type": "integer", "description": "The organizations asked to erase the person's record"],
                "detail": S.string(),
            ], required: ["status", "organizations", "detail"]),

            // The staff's erasure requests.
            "ErasureRequest": S.object([
                "id": uuid, "customer_id": uuid, "customer_name": S.string(nullable: true),
                "status": S.string(enumValues: AccountErasureRequest.Status.allCases.map(\.rawValue)), "requested_at": S.timestamp,
                "handled_at": nullableTime, "handled_by": S.string("The name of the admin who handled it", nullable: true),
                "reason": S.string(nullable: true),
            ], required: ["id", "customer_id", "customer_name", "status", "requested_at", "handled_at", "handled_by", "reason"],
                description: "A person's request, made from their account, that the organization erase its record of them"),
            "ErasureRequestPage": S.page(of: "ErasureRequest"),
            "ErasureRequestErase": S.object([
                "reason": S.string("Optional (default: asked by the customer from their account); at most 500 characters kept",
                                   nullable: true),
            ]),
            "ErasureRequestDismiss": S.object(["reason": S.string("Why the record is kept", maxLength: 500)], required: ["reason"]),
        ]
    }
}
