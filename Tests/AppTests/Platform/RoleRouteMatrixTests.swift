@testable import App
import Foundation
import Testing
import Vapor

/// Issue 16: every registered route, API and dashboard, asked by every role — admin, dispatcher, an agent with
/// and without a task for customer C1, a guest user managing C1 and one managing nobody, another organization's
/// admin, a super admin without `X-Organization-Id` — answers the status and shows the fields that role's view
/// allows (SPEC "Who uses it", "Tenancy"). The expectations are the tables in Support/RoleMatrix*.swift; a route
/// without a row there fails `everyRegisteredRouteHasARow`.
@Suite struct RoleRouteMatrixTests {
    @Test func everyRegisteredRouteHasARow() async throws {
        try await withTestApp { app in
            let registered = Set(app.routes.all.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") })
            let rows = APIMatrix.rows().map { "\($0.method.rawValue) /\($0.route)" } + WebMatrix.rows().map { "\($0.method.rawValue) /\($0.route)" }
            for route in registered.subtracting(rows).sorted() {
                Issue.record("\(route) has no row in the role × route matrix (Tests/AppTests/Support/RoleMatrix*Table.swift)")
            }
            for route in Set(rows).subtracting(registered).sorted() {
                Issue.record("the matrix has a row for \(route), which is not a registered route")
            }
            #expect(rows.count == Set(rows).count, "a route has two rows")
            for row in APIMatrix.rows() { #expect(row.expected.count == MatrixRole.allCases.count, "\(row.route)") }
            for row in WebMatrix.rows() { #expect(row.expected.count == MatrixRole.allCases.count, "\(row.route)") }
        }
    }

    @Test func everyAPIRouteAnswersEachRoleWithItsView() async throws {
        try await withTestApp(adjust: { $0.accountEmails.perAddress = 10_000 }) { app in
            let world = try await MatrixWorld(app)
            var failures: [String] = []
            let rows = APIMatrix.rows()
            for row in rows {
                for (role, expected) in zip(MatrixRole.allCases, row.expected) {
                    let request = try await row.request(world, role)
                    let token = request.token ?? world.token(role)
                    let response: APIResponse
                    if let csv = request.csv {
                        response = try await app.sendBytes(row.method, request.path, token: token, bytes: Array(csv.utf8))
                    } else {
                        response = try await app.send(row.method, request.path, token: token, json: request.json)
                    }
                    var problems: [String] = []
                    if response.status.code != expected {
                        problems.append("expected \(expected), got \(response.status.code) — \(response.text.prefix(160))")
                    } else {
                        if expected >= 400, !response.contentType.hasPrefix("application/problem+json") {
                            problems.append("a \(expected) that is not application/problem+json")
                        }
                        if expected < 300, let check = row.check { problems += try await check(world, role, response) }
                    }
                    problems += MatrixViews.leaks(response.text, to: role)
                    failures += Self.cell(row.method, row.route, role, problems)
                }
            }
            Self.report(failures, of: "API", routes: rows.count)
        }
    }

    /// A courier's client user (SPEC "Courier clients"): every staff route of the API refuses its token with 403; only
    /// the public routes, its own session routes and the client portal's answer it.
    @Test func aClientUserIsRefusedOnEveryStaffRoute() async throws {
        try await withTestApp { app in
            let world = try await MatrixWorld(app)
            let created = try await app.send(.POST, "/api/v1/clients", token: world.orgA.adminToken,
                                             json: ["name": "Matrix Client", "email": "matrix.client@example.com"])
            let clientID = try #require(created["id"] as? String, "\(created.text)")
            let secret = try await CourierWorld.inviteSecret(app, clientID: clientID, token: world.orgA.adminToken)
            let accepted = try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["token": secret, "password": testPassword])
            let token = try #require(accepted["token"] as? String, "\(accepted.text)")
            let open: Set<String> = Set<String>(["GET /health", "GET /ready", "GET /api/v1/openapi.json", "GET /api/v1/public/orders", "POST /api/v1/auth/token",
                                     "DELETE /api/v1/auth/token", "GET /api/v1/me", "GET /unsubscribe/:token", "POST /unsubscribe/:token",
                                     "GET /track/:code", "POST /api/v1/client-invitations/accept", "POST /api/v1/client-emails/confirm"])
                .union(Self.accountRealmPublic)
            var failures: [String] = []
            var checked = 0
            for row in APIMatrix.rows() {
                let route = "\(row.method.rawValue) /\(row.route)"
                guard !open.contains(route), !row.route.hasPrefix("api/v1/client/"), !row.route.hasPrefix("api/v1/account/"),
                      row.route != "api/v1/account" else { continue }
                let request = try await row.request(world, .admin)
                let response = request.csv != nil
                    ? try await app.sendBytes(row.method, request.path, token: token, bytes: Array(request.csv!.utf8))
                    : try await app.send(row.method, request.path, token: token, json: request.json)
                checked += 1
                if response.status != .forbidden || !response.contentType.hasPrefix("application/problem+json") {
                    failures.append("\(route): expected 403, got \(response.status.code) — \(response.text.prefix(160))")
                }
            }
            #expect(checked > 60, "only \(checked) staff routes checked")
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    /// The account realm's public routes: they answer anyone, whatever token comes along.
    static let accountRealmPublic: Set<String> = [
        "POST /api/v1/accounts", "POST /api/v1/accounts/verify", "POST /api/v1/accounts/token", "POST /api/v1/accounts/password-reset",
        "POST /api/v1/accounts/password-reset/confirm", "POST /api/v1/accounts/confirm-email",
    ]

    /// A customer account's token (SPEC "The customer account"): every staff and client route of the API refuses it with
    /// 403; only the public routes and the account's own answer it.
    @Test func anAccountTokenIsRefusedOnEveryStaffRoute() async throws {
        try await withTestApp(adjust: { $0.accountEmails.perAddress = 10_000 }) { app in
            let world = try await MatrixWorld(app)
            let token = try await AccountWorld(app: app, smtp: nil).verifiedAccount("matrix.person@example.com")
            let open: Set<String> = Set<String>(["GET /health", "GET /ready", "GET /api/v1/openapi.json", "GET /api/v1/public/orders", "POST /api/v1/auth/token",
                                                 "POST /api/v1/public/checkout",
                                     "GET /unsubscribe/:token", "POST /unsubscribe/:token", "GET /track/:code",
                                     "POST /api/v1/client-invitations/accept", "POST /api/v1/client-emails/confirm"])
                .union(Self.accountRealmPublic)
            var failures: [String] = []
            var checked = 0
            for row in APIMatrix.rows() {
                let route = "\(row.method.rawValue) /\(row.route)"
                guard !open.contains(route), !row.route.hasPrefix("api/v1/account/"), row.route != "api/v1/account" else { continue }
                let request = try await row.request(world, .admin)
                let response = request.csv != nil
                    ? try await app.sendBytes(row.method, request.path, token: token, bytes: Array(request.csv!.utf8))
                    : try await app.send(row.method, request.path, token: token, json: request.json)
                checked += 1
                if response.status != .forbidden || !response.contentType.hasPrefix("application/problem+json") {
                    failures.append("\(route): expected 403, got \(response.status.code) — \(response.text.prefix(160))")
                }
            }
            #expect(checked > 60, "only \(checked) staff routes checked")
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test func everyDashboardRouteAnswersEachRoleWithItsView() async throws {
        // Its linked records and erasure requests sign up more accounts than one address may in an hour.
        try await withTestApp(adjust: { $0.accountEmails.perAddress = 10_000 }) { app in
            let world = try await MatrixWorld(app)
            var failures: [String] = []
            let rows = WebMatrix.rows()
            for row in rows {
                for (role, expected) in zip(MatrixRole.allCases, row.expected) {
                    let request = try await row.request(world, role)
                    var browser = request.browser
                    if browser == nil { browser = try await world.browser(role) }
                    guard let browser else { continue }
                    let response = if let csv = request.upload { try await browser.upload(request.path, csv: csv, fields: request.form) }
                                   else if row.method == .GET { try await browser.get(request.path) }
                                   else { try await browser.post(request.path, request.form) }
                    let flash = MatrixViews.flash(response)
                    let got = response.status == .seeOther ? "303 → \(response.location ?? "?")\(flash.isEmpty ? "" : " (“\(flash)”)")"
                                                           : "\(response.status.code)"
                    var problems: [String] = []
                    switch expected {
                    case .pickOrganization:
                        if response.status != .seeOther || response.location?.hasPrefix("/organizations") != true {
                            problems.append("expected \(expected), got \(got)")
                        }
                    case let .status(code):
                        // A redirect that carries a refusal is not the success it looks like.
                        let refused = ["Switch into an organization", "not moved", "Not changed"].contains { flash.contains($0) }
                        if response.status.code != code || (code == 303 && refused) {
                            problems.append("expected \(expected), got \(got)")
                        } else if code == 200 || code == 303, let check = row.check {
                            problems += try await check(world, role, response)
                        }
                    }
                    problems += MatrixViews.leaks(response.body, to: role)
                    failures += Self.cell(row.method, row.route, role, problems)
                }
            }
            Self.report(failures, of: "dashboard", routes: rows.count)
        }
    }

    /// One line for a failing cell: its problems, each once.
    private static func cell(_ method: HTTPMethod, _ route: String, _ role: MatrixRole, _ problems: [String]) -> [String] {
        var seen = Set<String>()
        let unique = problems.filter { seen.insert($0).inserted }
        return unique.isEmpty ? [] : ["\(method.rawValue) /\(route) as \(role): " + unique.joined(separator: "; ")]
    }

    /// One issue per failing cell, and the whole list in one place for the log.
    private static func report(_ failures: [String], of half: String, routes: Int) {
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
        let roles = MatrixRole.allCases.count
        print("role × route matrix (\(half)): \(routes) routes × \(roles) roles = \(routes * roles) cells, \(failures.count) failing"
              + failures.map { "\n  ✗ " + $0 }.joined())
    }
}
