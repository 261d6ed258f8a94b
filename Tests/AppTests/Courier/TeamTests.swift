@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// A courier's teams (SPEC "Courier clients"): names unique in the organization, members that are its agents, tasks
/// that refer to a team by id.
@Suite struct TeamTests {
    @Test func teamsHoldAgentsAndTasksReferToThemById() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let created = try await app.send(.POST, "/api/v1/teams", token: world.admin, json: ["name": "North"])
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created["id"] as? String)
            try await app.send(.POST, "/api/v1/teams", token: world.admin, json: ["name": "north"]).expectProblem(.conflict, field: "name")
            try await app.send(.POST, "/api/v1/teams", token: world.admin, json: ["name": ""]).expectProblem(.unprocessableEntity, field: "name")
            try await app.send(.POST, "/api/v1/teams", token: world.dispatcher.token, json: ["name": "South"]).expectProblem(.forbidden)

            let members = try await app.send(.PUT, "/api/v1/teams/\(id)/members", token: world.admin,
                                             json: ["user_ids": [world.agent.id, world.agent.id]])
            #expect(members.status == .ok, "\(members.text)")
            #expect(members["member_ids"] as? [String] == [world.agent.id])
            try await app.send(.PUT, "/api/v1/teams/\(id)/members", token: world.admin, json: ["user_ids": [world.dispatcher.id]])
                .expectProblem(.unprocessableEntity, field: "user_ids[0]")
            try await app.send(.PUT, "/api/v1/teams/\(id)/members", token: world.admin,
                               json: ["user_ids": (0...500).map { _ in UUID().uuidString }]).expectProblem(.unprocessableEntity, field: "user_ids")

            let customer = try await app.createCustomer(world.admin, ["name": "Tess", "phone": "+12025550100"])["id"] as? String ?? ""
            let task = try await app.send(.POST, "/api/v1/tasks", token: world.admin, json: [
                "type": "delivery", "customer_id": customer, "dropoff": ["line1": "1 Main St"], "team_id": id,
            ])
            #expect(task.status == .created, "\(task.text)")
            #expect(task["team_id"] as? String == id && (task["team"] as? [String: Any])?["name"] as? String == "North")
            let other = try await app.createOrganization("other", rootToken: try await app.rootToken(), settings: ["courier": true])
            try await app.send(.GET, "/api/v1/teams/\(id)", token: other.adminToken).expectProblem(.notFound)
            let foreign = try await app.send(.POST, "/api/v1/tasks", token: other.adminToken, json: [
                "type": "delivery", "dropoff": ["line1": "1 Main St"], "team_id": id,
            ])
            foreign.expectProblem(.unprocessableEntity, field: "team_id")

            #expect(try await app.send(.PATCH, "/api/v1/teams/\(id)", token: world.admin, json: ["name": "North East"])["name"] as? String == "North East")
            #expect(try await app.send(.DELETE, "/api/v1/teams/\(id)", token: world.admin).status == .noContent)
            let after = try await app.send(.GET, "/api/v1/tasks/\(task["id"] as! String)", token: world.admin)
            #expect(after["team_id"] is NSNull)
            try await app.send(.GET, "/api/v1/teams/\(id)", token: world.admin).expectProblem(.notFound)
        }
    }

    /// The migration of issue 20: tasks' free-text `team` values become teams, one per name (case and surrounding spaces
    /// aside) per organization, and the tasks refer to them.
    @Test func freeTextTeamsBecomeTeams() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let other = try await app.createOrganization("other", rootToken: try await app.rootToken(), settings: ["courier": true])
            var ids: [String] = []
            for token in [world.admin, world.admin, world.admin, other.adminToken] {
                let task = try await app.send(.POST, "/api/v1/tasks", token: token, json: ["type": "pickup", "pickup": ["line1": "1 Main St"]])
                ids.append(try #require(task["id"] as? String, "\(task.text)"))
            }
            let sql = try app.db.sql
            try await SQLRows.run("ALTER TABLE tasks ADD COLUMN team VARCHAR(100)", on: sql)
            for (id, team) in zip(ids, [" North ", "north", "South", "North"]) {
                try await SQLRows.run("UPDATE tasks SET team = \(bind: team) WHERE id = \(bind: UUID(uuidString: id)!)", on: sql)
            }
            try await FreeTextTeams.migrate(on: app.db)
            try await SQLRows.run("ALTER TABLE tasks DROP COLUMN team", on: sql)
            let teams = try await app.send(.GET, "/api/v1/teams", token: world.admin)
            #expect(teams.data.compactMap { $0["name"] as? String } == ["North", "South"], "\(teams.text)")
            let names = try await Array(ids.prefix(3)).asyncMap { id in
                ((try await app.send(.GET, "/api/v1/tasks/\(id)", token: world.admin)["team"]) as? [String: Any])?["name"] as? String
            }
            let first = try await app.send(.GET, "/api/v1/tasks/\(ids[0])", token: world.admin)
            #expect(names == ["North", "North", "South"], "\(first.text)")
            let theirs = try await app.send(.GET, "/api/v1/teams", token: other.adminToken)
            #expect(theirs.data.compactMap { $0["name"] as? String } == ["North"])
        }
    }
}
