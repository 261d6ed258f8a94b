@testable import App
import Foundation
import Testing
import Vapor

/// The callers of the role × route matrix (issue 16), in the order of every row's expectations.
enum MatrixRole: CaseIterable, CustomStringConvertible {
    case admin, dispatcher
    /// An agent with a task for customer C1.
    case agentWithTask
    /// An agent with no task at all.
    case agentWithoutTask
    /// A guest user who manages C1 (`managed_by`).
    case guestManaging
    /// A guest user who manages no customer.
    case guestManagingNone
    /// The admin of organization B, asking for organization A's records.
    case otherOrgAdmin
    /// The super admin, without `X-Organization-Id` (or, in the dashboard, without switching into an organization).
    case superAdmin

    var description: String {
        switch self {
        case .admin: "admin"
        case .dispatcher: "dispatcher"
        case .agentWithTask: "agent with a task for C1"
        case .agentWithoutTask: "agent without tasks"
        case .guestManaging: "guest managing C1"
        case .guestManagingNone: "guest managing none"
        case .otherOrgAdmin: "org B admin"
        case .superAdmin: "super admin without X-Organization-Id"
        }
    }

    /// How much of customer C1 this caller may see.
    var customerView: CustomerView {
        switch self {
        case .admin, .dispatcher: .full
        case .agentWithTask: .delivery
        case .guestManaging: .managed
        case .agentWithoutTask, .guestManagingNone, .otherOrgAdmin, .superAdmin: .hidden
        }
    }
}

/// What a caller sees of a customer (SPEC "Who uses it").
enum CustomerView {
    /// Every field, internal notes included (admins, dispatchers).
    case full
    /// Everything but the internal notes (the guest user managing it).
    case managed
    /// Name, phone, address and notes only (the agent delivering to it).
    case delivery
    /// Nothing: the record answers 404 and no list shows it.
    case hidden
}

/// A request of one matrix cell: its path (with the ids filled in), a JSON or CSV body, and optionally another
/// token than the role's own (a fresh one, for sign-out).
struct MatrixRequest {
    var path: String
    var json: Any?
    var csv: String?
    var token: String?

    init(_ path: String, json: Any? = nil, csv: String? = nil, token: String? = nil) {
        self.path = path
        self.json = json
        self.csv = csv
        self.token = token
    }
}

/// Records made for one mutating cell, so that each write hits a record in C1's situation: managed by the
/// guest user, with a task assigned to the agent (and, when asked, an address and an order).
struct FreshCustomer {
    let id: String
    let taskID: String
    var addressID = ""
    var orderID = ""
}

/// The fixtures of the matrix, all made through the HTTP API (SPEC "Who uses it", issue 16).
final class MatrixWorld {
    static let c1Name = "Cora Matrix"
    static let c1Email = "cora.hidden@example.com"
    static let emailProbe = "hidden@exam"
    static let c1Notes = "staff-only-note-7731"
    static let c1Tag = "vip-matrix-tag"
    static let c1Street = "12 Delivery Lane"
    static let c1OrderAmount = "987.65"

    let app: Application
    let root: String
    let orgA: OrgFixture
    let orgB: OrgFixture
    let orgAAdminID: String
    let dispatcher: UserFixture
    let agentWithTask: UserFixture
    let agentWithoutTask: UserFixture
    let guestManaging: UserFixture
    let guestManagingNone: UserFixture
    let c1: String
    let c1Address: String
    let c1Order: String
    let c1OrderNumber: String
    let c1Task: String
    let importJob: String
    private var counter = 0
    private var browsers: [String: WebBrowser] = [:]

    init(_ app: Application) async throws {
        self.app = app
        root = try await app.rootToken()
        // Organization A is a courier (teams, clients and the client portal); B is not, so its admin gets 404 there.
        orgA = try await app.createOrganization("alpha", rootToken: root, settings: ["courier": true])
        orgB = try await app.createOrganization("bravo", rootToken: root)
        orgAAdminID = try await app.send(.GET, "/api/v1/me", token: orgA.adminToken)["id"] as? String ?? ""
        dispatcher = try await app.createUser(in: orgA, role: "dispatcher")
        agentWithTask = try await app.createUser(in: orgA, role: "agent", name: "agentwith")
        agentWithoutTask = try await app.createUser(in: orgA, role: "agent", name: "agentwithout")
        guestManaging = try await app.createUser(in: orgA, role: "guest", name: "guestwith")
        guestManagingNone = try await app.createUser(in: orgA, role: "guest", name: "guestwithout")
        let admin = orgA.adminToken
        c1 = try await app.createCustomer(admin, [
            "name": Self.c1Name, "email": Self.c1Email, "phone": "+12025550123", "notes": Self.c1Notes,
            "tags": [Self.c1Tag], "managed_by": guestManaging.id,
        ])["id"] as? String ?? ""
        let address = try await app.send(.POST, "/api/v1/customers/\(c1)/addresses", token: admin,
                                         json: ["label": "Home", "line1": Self.c1Street, "city": "Springfield"])
        #expect(address.status == .created, "C1's address: \(address.text)")
        c1Address = address["id"] as? String ?? ""
        let order = try await app.placeOrder(admin, ["customer_id": c1, "amount": Self.c1OrderAmount, "receipt_number": "RCPT-MATRIX-1"])
        c1Order = order["id"] as? String ?? ""
        c1OrderNumber = order["number"] as? String ?? "?"
        let task = try await app.send(.POST, "/api/v1/tasks", token: admin, json: [
            "type": "delivery", "customer_id": c1, "dropoff": ["address_id": c1Address], "agent_id": agentWithTask.id,
        ])
        #expect(task.status == .created, "C1's task: \(task.text)")
        c1Task = task["id"] as? String ?? ""
        importJob = try await app.importCSV(admin, "name\nImported Matrix Person\n")["id"] as? String ?? ""
    }

    /// A number not used before in this world, for unique names, emails and slugs.
    func next() -> Int {
        counter += 1
        return counter
    }

    func token(_ role: MatrixRole) -> String {
        switch role {
        case .admin: orgA.adminToken
        case .dispatcher: dispatcher.token
        case .agentWithTask: agentWithTask.token
        case .agentWithoutTask: agentWithoutTask.token
        case .guestManaging: guestManaging.token
        case .guestManagingNone: guestManagingNone.token
        case .otherOrgAdmin: orgB.adminToken
        case .superAdmin: root
        }
    }

    /// The user id of an organization A role (empty for the others).
    func userID(_ role: MatrixRole) -> String {
        switch role {
        case .admin: orgAAdminID
        case .dispatcher: dispatcher.id
        case .agentWithTask: agentWithTask.id
        case .agentWithoutTask: agentWithoutTask.id
        case .guestManaging: guestManaging.id
        case .guestManagingNone: guestManagingNone.id
        case .otherOrgAdmin, .superAdmin: ""
        }
    }

    func credentials(_ role: MatrixRole) -> (email: String, password: String) {
        switch role {
        case .admin: (orgA.adminEmail, testPassword)
        case .dispatcher: (dispatcher.email, testPassword)
        case .agentWithTask: (agentWithTask.email, testPassword)
        case .agentWithoutTask: (agentWithoutTask.email, testPassword)
        case .guestManaging: (guestManaging.email, testPassword)
        case .guestManagingNone: (guestManagingNone.email, testPassword)
        case .otherOrgAdmin: (orgB.adminEmail, testPassword)
        case .superAdmin: (Root.email, Root.password)
        }
    }

    /// A second token of the role's user, to revoke without signing the matrix's own token out.
    func freshToken(_ role: MatrixRole) async throws -> String {
        let (email, password) = credentials(role)
        return try await app.signIn(email, password)
    }

    /// The role's dashboard session, signed in once and reused by every read-only cell.
    func browser(_ role: MatrixRole) async throws -> WebBrowser {
        if let browser = browsers[role.description] { return browser }
        let browser = try await freshBrowser(role)
        browsers[role.description] = browser
        return browser
    }

    /// A new dashboard session of the role, for cells that end or switch it.
    func freshBrowser(_ role: MatrixRole) async throws -> WebBrowser {
        let browser = WebBrowser(app)
        let (email, password) = credentials(role)
        try await browser.signIn(email, password)
        return browser
    }

    /// A customer in C1's situation for one mutating cell (see `FreshCustomer`); `assigned` moves its task to
    /// `assigned`, so that the agent may accept it.
    func fresh(address: Bool = false, order: Bool = false, assigned: Bool = false) async throws -> FreshCustomer {
        let n = next()
        let admin = orgA.adminToken
        let id = try await app.createCustomer(admin, [
            "name": "Fresh \(n)", "email": "fresh\(n)@example.com", "notes": "fresh note \(n)", "tags": ["fresh"],
            "managed_by": guestManaging.id,
        ])["id"] as? String ?? ""
        let task = try await app.send(.POST, "/api/v1/tasks", token: admin, json: [
            "type": "delivery", "customer_id": id, "dropoff": ["line1": "\(n) Fresh Street"], "agent_id": agentWithTask.id,
        ])
        #expect(task.status == .created, "fresh task: \(task.text)")
        var fresh = FreshCustomer(id: id, taskID: task["id"] as? String ?? "")
        if assigned {
            for move in [["to": "awaiting_assignment"], ["to": "assigned", "agent_id": agentWithTask.id]] {
                let moved = try await app.send(.POST, "/api/v1/tasks/\(fresh.taskID)/transitions", token: admin, json: move)
                #expect(moved.status == .ok, "fresh task move: \(moved.text)")
            }
        }
        if address {
            let made = try await app.send(.POST, "/api/v1/customers/\(id)/addresses", token: admin,
                                          json: ["label": "Home", "line1": "\(n) Fresh Street", "city": "Springfield"])
            #expect(made.status == .created, "fresh address: \(made.text)")
            fresh.addressID = made["id"] as? String ?? ""
        }
        if order {
            fresh.orderID = try await app.placeOrder(admin, ["customer_id": id, "amount": "5.00"])["id"] as? String ?? ""
        }
        return fresh
    }

    /// A new agent of organization A, for the user update and delete cells.
    func freshUser() async throws -> String {
        let n = next()
        let response = try await app.send(.POST, "/api/v1/users", token: orgA.adminToken, json: [
            "email": "spare\(n)@alpha.test", "name": "Spare \(n)", "password": testPassword, "role": "agent",
        ])
        #expect(response.status == .created, "fresh user: \(response.text)")
        return response["id"] as? String ?? ""
    }
}
