/// Routes of the address book, orders, tasks, histories, statistics and the public lookup.
enum DeliveryOperations {
    typealias O = APIOperation
    static let dates = [O.query("status", "Only this status"), O.query("created_from", "YYYY-MM-DD or RFC 3339"),
                        O.query("created_to", "YYYY-MM-DD or RFC 3339")]
    static let orderFilters = [O.query("status", "placed, completed or cancelled"), O.query("payment_status", "pending, paid, refunded or failed"),
                               O.query("platform", "The channel"), O.query("placed_from", "YYYY-MM-DD or RFC 3339"),
                               O.query("placed_to", "YYYY-MM-DD or RFC 3339"), O.query("q", "Order number or receipt number")]

    static let all: [APIOperation] = [
        O(method: "GET", path: "/api/v1/customers/{id}/addresses", summary: "The customer's saved addresses, the default first",
          tag: "addresses", parameters: O.pagination, success: (200, "A page of addresses", "AddressPage"), errors: [400, 404, 422]),
        O(method: "POST", path: "/api/v1/customers/{id}/addresses", summary: "Save an address (the first becomes the default)",
          tag: "addresses", requestSchema: "AddressInput", success: (201, "The address", "Address"), errors: [403, 404]),
        O(method: "PATCH", path: "/api/v1/customers/{id}/addresses/{address_id}",
          summary: "Change an address; is_default: true makes it the default", tag: "addresses", requestSchema: "AddressInput",
          success: (200, "The address", "Address"), errors: [403, 404]),
        O(method: "DELETE", path: "/api/v1/customers/{id}/addresses/{address_id}",
          summary: "Delete an address (the oldest remaining becomes default)", tag: "addresses",
          success: (204, "Deleted", nil), errors: [400, 403, 404]),
        O(method: "GET", path: "/api/v1/customers/{id}/orders", summary: "The customer's order history, newest first",
          tag: "history", parameters: O.pagination + orderFilters, success: (200, "A page of orders", "OrderPage"), errors: [400, 403, 404, 422]),
        O(method: "GET", path: "/api/v1/customers/{id}/tasks", summary: "The customer's delivery history, newest first",
          tag: "history", parameters: O.pagination + dates, success: (200, "A page of tasks", "TaskPage"), errors: [400, 403, 404, 422]),
        O(method: "GET", path: "/api/v1/customers/stats", summary: "The organization's customer statistics", tag: "customers",
          success: (200, "The statistics", "CustomerStats"), errors: [403]),
        O(method: "GET", path: "/api/v1/orders", summary: "Orders, newest first", tag: "orders",
          parameters: O.pagination + orderFilters + [O.query("customer_id", "Only this customer's")],
          success: (200, "A page of orders", "OrderPage"), errors: [403, 422]),
        O(method: "POST", path: "/api/v1/orders",
          summary: "Place an order for customer_id, for a customer matched or created by intake (customer), or as a guest",
          tag: "orders", parameters: [CustomerOperationsHeaders.idempotencyKey], requestSchema: "OrderInput",
          success: (201, "The order", "Order"), errors: [403, 409]),
        O(method: "GET", path: "/api/v1/orders/{id}", summary: "One order", tag: "orders",
          success: (200, "The order", "Order"), errors: [400, 403, 404]),
        O(method: "PATCH", path: "/api/v1/orders/{id}", summary: "Change status, payment, receipt or customer; totals follow",
          tag: "orders", parameters: [CustomerOperationsHeaders.ifMatch], requestSchema: "OrderInput",
          success: (200, "The order", "Order"), errors: [403, 404, 409, 412]),
        O(method: "GET", path: "/api/v1/tasks", summary: "Tasks, newest first (agents: their own)", tag: "tasks",
          parameters: O.pagination + dates + [O.query("type", "Task type"), O.query("agent_id", "Agent"),
                                              O.query("team_id", "Team"), O.query("client_id", "A courier's client"),
                                              O.query("customer_id", "Customer"), O.query("order_id", "Order")],
          success: (200, "A page of tasks", "TaskPage"), errors: [422]),
        O(method: "POST", path: "/api/v1/tasks", summary: "Create a task; locations copied from address_id or inline",
          tag: "tasks", parameters: [CustomerOperationsHeaders.idempotencyKey], requestSchema: "TaskInput",
          success: (201, "The task", "Task"), errors: [403]),
        O(method: "GET", path: "/api/v1/tasks/{id}", summary: "One task", tag: "tasks",
          success: (200, "The task", "Task"), errors: [400, 404]),
        O(method: "PATCH", path: "/api/v1/tasks/{id}", summary: "Change a task that has not ended", tag: "tasks",
          requestSchema: "TaskInput", success: (200, "The task", "Task"), errors: [403, 404, 409]),
        O(method: "POST", path: "/api/v1/tasks/{id}/transitions",
          summary: "Move a task: new → awaiting_assignment → assigned → accepted → in_transit → completed; cancelled; reject",
          tag: "tasks", parameters: [CustomerOperationsHeaders.idempotencyKey], requestSchema: "TaskTransitionInput",
          success: (200, "The task", "Task"), errors: [403, 404, 409]),
        O(method: "GET", path: "/api/v1/tasks/{id}/transitions", summary: "The task's moves, oldest first", tag: "tasks",
          parameters: O.pagination, success: (200, "A page of moves", "TaskTransitionPage"), errors: [400, 404, 422]),
        O(method: "GET", path: "/api/v1/public/orders", summary: "Guest order lookup without login (no personal data)",
          tag: "public", authenticated: false,
          parameters: [O.query("numbers", "Up to 10 order numbers, comma-separated (or X-Order-Numbers)"),
                       O.query("org", "The organization's slug (or X-Organization)")],
          success: (200, "The orders found", "PublicOrderLookup"), errors: [400, 404, 429]),
    ]
}

enum CustomerOperationsHeaders {
    static let ifMatch = APIOperations.ifMatch
    static let idempotencyKey = APIOperations.idempotencyKey
}
