/// OpenAPI schemas of addresses, orders, tasks, statistics and the public lookup.
enum DeliverySchemas {
    typealias S = APISchemas

    static var addressProperties: [String: JSONValue] {
        ["label": S.string(maxLength: 50, nullable: true), "line1": S.string(maxLength: 200), "line2": S.string(nullable: true),
         "city": S.string(nullable: true), "region": S.string(nullable: true), "postal_code": S.string(nullable: true),
         "country": S.string("ISO 3166-1 alpha-2 (default: the organization's)"), "formatted": S.string("One line; built when not given"),
         "latitude": ["type": ["number", "null"], "minimum": -90, "maximum": 90],
         "longitude": ["type": ["number", "null"], "minimum": -180, "maximum": 180],
         "contact_name": S.string(nullable: true), "contact_phone": S.string("E.164 after normalization", nullable: true),
         "notes": S.string(nullable: true), "is_default": ["type": "boolean"]]
    }

    static var location: JSONValue {
        var properties = addressProperties
        properties["address_id"] = S.string("Copy this saved address of the task's customer", format: "uuid", nullable: true)
        properties["is_default"] = nil
        return S.object(properties)
    }

    static let window: JSONValue = S.object(["start": S.string(format: "date-time", nullable: true),
                                            "end": S.string(format: "date-time", nullable: true)])
    static let item: JSONValue = S.object(["name": S.string(), "quantity": ["type": "integer"], "unit_price": S.string("Decimal string")],
                                          required: ["name", "quantity", "unit_price"])

    static var orderInput: [String: JSONValue] {
        ["number": S.string("Exactly 10 upper-case letters and digits; generated when absent"),
         "platform": S.string("web, pos, app, a marketplace… (default web)"), "receipt_number": S.string(nullable: true),
         "amount": S.string("Decimal string, like \"24.50\""), "currency": S.string("ISO 4217 (default: the organization's)"),
         "payment_method": S.string(nullable: true), "payment_status": S.string(enumValues: ["pending", "paid", "refunded", "failed"]),
         "status": S.string(enumValues: ["placed", "completed", "cancelled"]), "placed_at": S.timestamp,
         "completed_at": S.string(format: "date-time", nullable: true), "items": ["type": "array", "items": item],
         "customer_id": S.string(format: "uuid", nullable: true),
         "customer": S.ref("CustomerInput"),
         "guest": S.object(["name": S.string(), "email": S.string(format: "email"), "phone": S.string()])]
    }

    /// A task's pickup or drop-off: a location, or null (none, or cleared by an erasure).
    static var nullableLocation: JSONValue { ["anyOf": [location, ["type": "null"]]] }

    static var taskInput: [String: JSONValue] {
        ["type": S.string(enumValues: ["job", "pickup", "delivery", "cash_collection", "cash_drop"]),
         "parent_id": S.string("A job", format: "uuid", nullable: true), "order_id": S.string(format: "uuid", nullable: true),
         "customer_id": S.string(format: "uuid", nullable: true), "pickup": nullableLocation, "dropoff": nullableLocation,
         "pickup_window": window, "dropoff_window": window, "agent_id": S.string(format: "uuid", nullable: true),
         "team_id": S.string("A team of this courier", format: "uuid", nullable: true), "amount": S.string("Decimal string; required for cash tasks", nullable: true),
         "currency": S.string(nullable: true), "payment_method": S.string(nullable: true), "notes": S.string(nullable: true)]
    }

    static var all: [String: JSONValue] {
        var address = addressProperties
        address["id"] = S.string(format: "uuid")
        address["customer_id"] = S.string(format: "uuid")
        address["created_at"] = S.timestamp
        address["updated_at"] = S.timestamp
        var order = orderInput
        order["id"] = S.string(format: "uuid")
        order["is_guest"] = ["type": "boolean"]
        order["contact"] = S.object(["name": S.string(nullable: true), "email": S.string(nullable: true), "phone": S.string(nullable: true)])
        order["version"] = ["type": "integer"]
        order["customer"] = nil
        order["guest"] = nil
        var task = taskInput
        task["id"] = S.string(format: "uuid")
        task["status"] = S.string(enumValues: ["new", "awaiting_assignment", "assigned", "accepted", "in_transit", "completed", "cancelled"])
        task["agent"] = ["type": ["object", "null"], "properties": ["id": S.string(format: "uuid"), "name": S.string()]]
        task["completed_at"] = S.string(format: "date-time", nullable: true)
        task["tracking_code"] = S.string("The task's public tracking page is /track/{tracking_code}", nullable: true)
        task["version"] = ["type": "integer"]
        task["team"] = ["type": ["object", "null"], "properties": ["id": S.string(format: "uuid"), "name": S.string()]]
        task["client_id"] = S.string("The courier's client whose order this task serves", format: "uuid", nullable: true)
        task["agent_id"] = nil
        return [
            "AddressInput": S.object(addressProperties), "Address": S.object(address), "AddressPage": S.page(of: "Address"),
            "OrderInput": S.object(orderInput), "Order": S.object(order), "OrderPage": S.page(of: "Order"),
            "TaskInput": S.object(taskInput), "Task": S.object(task), "TaskPage": S.page(of: "Task"),
            "TaskTransitionInput": S.object(["to": S.string(), "reason": S.string(nullable: true),
                                             "agent_id": S.string("Required to move to assigned unless set", format: "uuid")],
                                            required: ["to"]),
            "TaskTransition": S.object(["id": S.string(format: "uuid"), "from": S.string(), "to": S.string(),
                                        "reason": S.string(nullable: true), "actor_user_id": S.string(format: "uuid", nullable: true),
                                        "actor_name": S.string(nullable: true), "created_at": S.timestamp]),
            "TaskTransitionPage": S.page(of: "TaskTransition"),
            "CustomerStats": S.object(["total_customers": ["type": "integer"], "active_last_30_days": ["type": "integer"],
                                       "new_this_month": ["type": "integer"], "average_order_value": S.string("Decimal string"),
                                       "repeat_customer_rate": ["type": "number"], "loyalty_members": ["type": "integer"]]),
            "PublicOrderLookup": S.object(["data": ["type": "array", "items": S.object([
                "number": S.string(), "status": S.string(), "placed_at": S.timestamp,
                "tasks": ["type": "array", "items": S.object(["type": S.string(), "status": S.string(),
                                                               "pickup_window": window, "dropoff_window": window])],
            ])]]),
        ]
    }
}
