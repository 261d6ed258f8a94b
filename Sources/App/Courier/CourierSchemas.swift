/// OpenAPI schemas of teams, clients and the client portal.
enum CourierSchemas {
    typealias S = APISchemas

    static var events: JSONValue {
        ["type": "array", "items": S.string(enumValues: NotificationEvent.taskEvents.map(\.rawValue))]
    }

    static var settings: JSONValue {
        S.object([
            "auto_assign_team_id": S.string("The team new orders' tasks go to (set by the courier)", format: "uuid", nullable: true),
            "client_email_events": events, "recipient_events": events,
            "brand_color": S.string("#rrggbb", nullable: true), "logo_url": S.string("https:// only", nullable: true),
            "message": S.string("Plain text, at most 500 characters", nullable: true),
        ])
    }

    static var all: [String: JSONValue] {
        let window = DeliverySchemas.window
        let clientTask = S.object([
            "id": S.string(format: "uuid"), "type": S.string(), "status": S.string(), "parent_id": S.string(format: "uuid", nullable: true),
            "order_id": S.string(format: "uuid", nullable: true), "order_number": S.string(nullable: true),
            "pickup": DeliverySchemas.nullableLocation, "dropoff": DeliverySchemas.nullableLocation, "pickup_window": window,
            "dropoff_window": window, "recipient_name": S.string(nullable: true), "driver_name": S.string(nullable: true),
            "notes": S.string(nullable: true), "tracking_url": S.string(nullable: true),
            "completed_at": S.string(format: "date-time", nullable: true), "created_at": S.timestamp, "updated_at": S.timestamp,
        ])
        let client = S.object([
            "id": S.string(format: "uuid"), "name": S.string(), "email": S.string(), "pending_email": S.string(nullable: true),
            "status": S.string(enumValues: ClientStatus.allCases.map(\.rawValue)), "settings": S.ref("ClientSettings"),
            "version": ["type": "integer"], "created_at": S.timestamp, "updated_at": S.timestamp,
            "deleted_at": S.string(format: "date-time", nullable: true),
        ])
        return [
            "TeamInput": S.object(["name": S.string(maxLength: 100)], required: ["name"]),
            "TeamMembersInput": S.object(["user_ids": ["type": "array", "maxItems": 500, "items": S.string(format: "uuid")]],
                                         required: ["user_ids"]),
            "Team": S.object(["id": S.string(format: "uuid"), "name": S.string(), "member_ids": ["type": "array", "items": S.string(format: "uuid")],
                              "members": ["type": "array", "items": S.object(["id": S.string(format: "uuid"), "name": S.string(),
                                                                               "email": S.string()])],
                              "created_at": S.timestamp, "updated_at": S.timestamp]),
            "TeamPage": S.page(of: "Team"),
            "ClientSettings": settings,
            "ClientInput": S.object(["name": S.string(maxLength: 200), "email": S.string(format: "email"), "settings": S.ref("ClientSettings")]),
            "Client": client, "ClientPage": S.page(of: "Client"),
            "ClientEvent": S.object(["id": S.string(format: "uuid"), "kind": S.string(), "details": ["type": "object"],
                                     "actor_user_id": S.string(format: "uuid", nullable: true), "actor_name": S.string(nullable: true),
                                     "created_at": S.timestamp]),
            "ClientEventPage": S.page(of: "ClientEvent"),
            "ClientAcceptInput": S.object(["token": S.string(), "password": S.string("At least 10 characters"),
                                           "name": S.string(nullable: true)], required: ["token", "password"]),
            "ClientConfirmInput": S.object(["token": S.string()], required: ["token"]),
            "ClientAccepted": S.object(["token": S.string(), "token_type": S.string(), "expires_at": S.timestamp, "user": S.ref("User"),
                                        "client": S.ref("Client")]),
            "ClientOrderInput": S.object([
                "pickup": DeliverySchemas.location, "dropoff": DeliverySchemas.location,
                "recipient": S.object(["name": S.string(), "phone": S.string(nullable: true), "email": S.string(nullable: true)],
                                      required: ["name"]),
                "pickup_window": window, "dropoff_window": window, "notes": S.string(maxLength: 2_000, nullable: true),
                "reference": S.string("The client's own reference", maxLength: 100, nullable: true),
            ], required: ["pickup", "dropoff", "recipient"]),
            "ClientTask": clientTask, "ClientTaskPage": S.page(of: "ClientTask"),
            "ClientOrder": S.object([
                "id": S.string(format: "uuid"), "number": S.string(), "reference": S.string(nullable: true), "status": S.string(),
                "recipient": S.object(["name": S.string(nullable: true), "phone": S.string(nullable: true), "email": S.string(nullable: true)]),
                "delivery_status": S.string(nullable: true), "tracking_url": S.string(nullable: true),
                "tasks": ["type": "array", "items": S.ref("ClientTask")], "created_at": S.timestamp,
            ]),
            "ClientOrderPage": S.page(of: "ClientOrder"),
        ]
    }
}
