import Fluent
import Vapor

/// Guest order lookup without login: status and delivery windows by order number, nothing personal.
struct PublicOrdersController: RouteCollection {
    static let maxNumbers = 10

    func boot(routes: any RoutesBuilder) throws {
        routes.get("public", "orders", use: lookup)
    }

    struct Found: Content {
        struct TaskView: Content {
            let type: String
            let status: String
            let pickupWindow: Window
            let dropoffWindow: Window

            enum CodingKeys: String, CodingKey {
                case type, status
                case pickupWindow = "pickup_window", dropoffWindow = "dropoff_window"
            }
        }

        struct Window: Content {
            @NullEncoded var start: Date?
            @NullEncoded var end: Date?
        }

        let number: String
        let status: String
        let placedAt: Date
        let tasks: [TaskView]

        enum CodingKeys: String, CodingKey {
            case number, status, tasks
            case placedAt = "placed_at"
        }
    }

    struct Answer: Content {
        let data: [Found]
    }

    func lookup(req: Request) async throws -> Answer {
        // Shared by every instance on PostgreSQL: a client cannot multiply its allowance by the instances behind nginx.
        try await SharedRateLimiter(limit: req.application.config.publicLookupsPerMinute, window: 60)
            .check(req.clientAddress, local: req.application.publicLookupLimiter, on: req.database)
        let numbers = try Self.numbers(from: req)
        guard let slug = req.headers.first(name: "X-Organization") ?? req.query[String.self, at: "org"] else {
            throw Problem.badRequest("Name the organization with X-Organization or org", field: "org")
        }
        guard let organization = try await Organization.query(on: req.database).filter(\.$slug == slug).first() else {
            throw Problem.notFound("organization")
        }
        let tenant = Tenant(organizationID: try organization.requireID())
        let orders = try await tenant.query(Order.self, on: req.database).filter(\.$number ~~ numbers).all()
        guard !orders.isEmpty else { return Answer(data: []) }
        let tasks = try await tenant.query(DeliveryTask.self, on: req.database).filter(\.$orderID ~~ orders.compactMap(\.id))
            .sort(\.$seq).all()
        let byOrder = Dictionary(grouping: tasks, by: { $0.orderID! })
        return Answer(data: orders.sorted { numbers.firstIndex(of: $0.number)! < numbers.firstIndex(of: $1.number)! }.map { order in
            Found(number: order.number, status: order.status, placedAt: order.placedAt, tasks: (byOrder[order.id!] ?? []).map {
                Found.TaskView(type: $0.type, status: $0.status,
                               pickupWindow: .init(start: $0.pickupAfter, end: $0.pickupBefore),
                               dropoffWindow: .init(start: $0.dropoffAfter, end: $0.dropoffBefore))
            })
        })
    }

    /// At most ten numbers, each exactly ten upper-case letters and digits, from `numbers` or `X-Order-Numbers`.
    static func numbers(from req: Request) throws -> [String] {
        guard let raw = req.query[String.self, at: "numbers"] ?? req.headers.first(name: "X-Order-Numbers") else {
            throw Problem.badRequest("Give order numbers in numbers=A,B or X-Order-Numbers", field: "numbers")
        }
        let numbers = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard numbers.count <= maxNumbers else {
            throw Problem.badRequest("At most \(maxNumbers) order numbers per lookup; \(numbers.count) were given", field: "numbers")
        }
        if let bad = numbers.first(where: { !OrderRules.isNumber($0) }) {
            throw Problem.badRequest("\"\(bad)\" is not an order number: exactly 10 upper-case letters and digits", field: "numbers")
        }
        return Array(NSOrderedSet(array: numbers).compactMap { $0 as? String })
    }
}
