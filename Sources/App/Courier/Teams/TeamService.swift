import Fluent
import SQLKit
import Vapor

/// A courier's teams: names unique in the organization (case aside), members that are active agents of it.
struct TeamService {
    let database: any Database
    let scope: CourierScope

    var tenant: Tenant { scope.tenant }
    static let maxMembers = 500

    func list(_ page: PageRequest) async throws -> Page<Team.Public> {
        let query = tenant.query(Team.self, on: database)
        let total = try await query.copy().count()
        let teams = try await query.sort(\.$nameKey).sort(\.$id).offset(page.offset).limit(page.perPage).all()
        let members = try await self.members(of: teams.compactMap(\.id))
        return Page(teams.map { Team.Public($0, members: members[$0.id!] ?? []) }, total: total, nextCursor: nil, request: page)
    }

    func require(_ id: UUID) async throws -> Team {
        try await tenant.require(Team.self, id: id, on: database, what: "team")
    }

    func present(_ team: Team) async throws -> Team.Public {
        Team.Public(team, members: try await members(of: [team.requireID()])[team.id!] ?? [])
    }

    func create(_ input: Team.Input) async throws -> Team {
        try scope.principal.require(.manageTeams)
        let team = Team()
        team.id = UUID.timeOrdered()
        team.organizationID = tenant.organizationID
        try name(input, into: team, required: true)
        try await save(team)
        return team
    }

    func rename(_ team: Team, _ input: Team.Input) async throws -> Team {
        try scope.principal.require(.manageTeams)
        try name(input, into: team, required: false)
        try await save(team)
        return team
    }

    /// Deletes the team: its tasks keep their agents and lose the team, clients that sent orders to it send them
    /// unassigned.
    func delete(_ team: Team) async throws {
        try scope.principal.require(.manageTeams)
        let teamID = try team.requireID()
        let organizationID = tenant.organizationID
        try await WriteTransaction.run(on: database) { db in
            let sql = try db.sql
            try await SQLRows.run("UPDATE tasks SET team_id = NULL WHERE organization_id = \(bind: organizationID) AND team_id = \(bind: teamID)", on: sql)
            let clients = try await Tenant(organizationID: organizationID).query(Client.self, on: db).all()
            for client in clients where client.settings.autoAssignTeamID == teamID {
                var settings = client.settings
                settings.autoAssignTeamID = nil
                client.settingsJSON = settings.storedJSON
                client.version += 1
                try await client.save(on: db)
            }
            try await team.delete(on: db)
        }
    }

    /// Replaces the team's agents with `user_ids`: each an active agent of this organization.
    func setMembers(_ team: Team, _ input: Team.MembersInput) async throws -> Team.Public {
        try scope.principal.require(.manageTeams)
        guard let ids = input.userIDs else { throw Problem.invalid("user_ids", "is required: a list of agent ids") }
        guard ids.count <= Self.maxMembers else { throw Problem.invalid("user_ids", "must hold at most \(Self.maxMembers) agents") }
        var seen = Set<UUID>()
        let unique = ids.filter { seen.insert($0).inserted }
        let agents = unique.isEmpty ? [] : try await tenant.query(User.self, on: database).filter(\.$id ~~ unique)
            .filter(\.$role == .agent).filter(\.$disabled == false).all()
        let found = Set(agents.compactMap(\.id))
        var v = Validator()
        for (index, id) in ids.enumerated() where !found.contains(id) {
            v.add("user_ids[\(index)]", "must be an active agent of this organization")
        }
        try v.check()
        let teamID = try team.requireID()
        let organizationID = tenant.organizationID
        try await WriteTransaction.run(on: database) { db in
            let sql = try db.sql
            try await SQLRows.run("DELETE FROM team_members WHERE organization_id = \(bind: organizationID) AND team_id = \(bind: teamID)", on: sql)
            let now = Date()
            let rows = unique.map { userID -> RowInsert in
                var row = RowInsert(into: "team_members")
                row.set("organization_id", organizationID)
                row.set("team_id", teamID)
                row.set("user_id", userID)
                row.set("created_at", now)
                return row
            }
            if !rows.isEmpty { try await RowInsert.run(rows, on: db) }
            team.updatedAt = now
            try await SQLRows.run("""
                UPDATE teams SET updated_at = \(bind: now) WHERE organization_id = \(bind: organizationID) AND id = \(bind: teamID)
                """, on: sql)
        }
        return try await present(team)
    }

    /// The agents of each team, by name.
    func members(of teamIDs: [UUID]) async throws -> [UUID: [Team.Public.Member]] {
        guard !teamIDs.isEmpty else { return [:] }
        let rows = try await SQLRows.all("""
            SELECT team_members.team_id, users.id, users.name, users.email FROM team_members
            JOIN users ON users.id = team_members.user_id
            WHERE team_members.organization_id = \(bind: tenant.organizationID) AND team_members.team_id IN (\(binds: teamIDs))
            ORDER BY users.name, users.id
            """, on: try database.sql)
        var members: [UUID: [Team.Public.Member]] = [:]
        for row in rows {
            let member = Team.Public.Member(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                                            email: try row.decode(column: "email", as: String.self))
            members[try row.decode(column: "team_id", as: UUID.self), default: []].append(member)
        }
        return members
    }

    private func name(_ input: Team.Input, into team: Team, required: Bool) throws {
        var v = Validator()
        if let name = v.text(input.name, "name", required: required, max: 100) {
            team.name = name
            team.nameKey = name.lowercased()
        }
        try v.check()
    }

    private func save(_ team: Team) async throws {
        let taken = try await tenant.query(Team.self, on: database).filter(\.$nameKey == team.nameKey)
            .filter(\.$id != team.requireID()).count() > 0
        if taken { throw Problem.conflict("Another team of this organization has this name", field: "name") }
        do {
            try await WriteTransaction.run(on: database) { try await team.save(on: $0) }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("Another team of this organization has this name", field: "name")
        }
    }
}
