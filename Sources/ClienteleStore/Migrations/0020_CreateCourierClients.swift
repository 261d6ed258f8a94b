import FluentKit
import Foundation
import SQLKit

/// Issue 20's schema: courier organizations (`organizations.courier`), teams and their agents, business clients with
/// their single-use links and timeline, client users (`users.client_id`), and the client of each order and task. A
/// task's free-text `team` becomes a reference to a team: every distinct value of an organization becomes a team.
struct CreateCourierClients: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        let postgres = SQLDialectKind(database) == .postgres
        let bigint: DatabaseSchema.DataType = postgres ? .int64 : .int

        try await database.schema("organizations").field("courier", .bool, .required, .sql(.default(false))).update()

        try await database.schema("teams")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("name", .string, .required)
            // The name folded to lower case: two teams of an organization never share a name.
            .field("name_key", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "organization_id", "name_key", name: "teams_org_name_key")
            .create()
        try await database.schema("team_members")
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .unique(on: "organization_id", "team_id", "user_id", name: "team_members_key")
            .create()
        try await SchemaIndex.create("team_members_user_idx", on: "team_members", columns: ["organization_id", "user_id"], in: database)

        try await database.schema("clients")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("pending_email", .string)
            .field("status", .string, .required)
            .field("settings", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("deleted_at", .datetime)
            .unique(on: "id", name: "clients_id_key")
            .create()
        try await SchemaIndex.create("clients_org_seq_idx", on: "clients", columns: ["organization_id", "seq"], in: database)
        // An email belongs to one client of a courier at a time; a deleted client gives its address back.
        try await sql.raw("""
            CREATE UNIQUE INDEX clients_org_email_key ON clients (organization_id, email) WHERE status <> 'deleted'
            """).run()

        try await database.schema("client_links")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("client_id", .uuid, .required, .references("clients", "id", onDelete: .cascade))
            // `invitation` or `email_change`.
            .field("purpose", .string, .required)
            // SHA-256 of the secret in the link: the secret itself is never stored.
            .field("token_hash", .string, .required)
            .field("email", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("voided_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash", name: "client_links_token_key")
            .create()
        try await SchemaIndex.create("client_links_client_idx", on: "client_links",
                                     columns: ["organization_id", "client_id", "purpose"], in: database)

        try await database.schema("client_events")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("client_id", .uuid, .required, .references("clients", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("details", .string, .required)
            .field("actor_user_id", .uuid)
            .field("actor_name", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "id", name: "client_events_id_key")
            .create()
        try await SchemaIndex.create("client_events_client_idx", on: "client_events",
                                     columns: ["organization_id", "client_id", "seq"], in: database)

        // A client user is bound to one client of one courier.
        // (No foreign key: SQLite cannot drop a column that holds one, and clients are never deleted, only marked so.)
        try await database.schema("users").field("client_id", .uuid).update()
        try await database.schema("orders").field("client_id", .uuid).update()
        try await SchemaIndex.create("orders_org_client_idx", on: "orders", columns: ["organization_id", "client_id", "seq"], in: database)
        try await database.schema("tasks").field("client_id", .uuid).update()
        try await database.schema("tasks").field("team_id", .uuid).update()
        try await SchemaIndex.create("tasks_org_client_idx", on: "tasks", columns: ["organization_id", "client_id", "seq"], in: database)
        try await SchemaIndex.create("tasks_org_team_idx", on: "tasks", columns: ["organization_id", "team_id", "seq"], in: database)
        try await SchemaIndex.create("tasks_org_parent_idx", on: "tasks", columns: ["organization_id", "parent_id"], in: database)

        try await FreeTextTeams.migrate(on: database)
        try await sql.raw("ALTER TABLE tasks DROP COLUMN team").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        for index in ["tasks_org_client_idx", "tasks_org_team_idx", "tasks_org_parent_idx", "orders_org_client_idx"] {
            try await sql.raw("DROP INDEX \(unsafeRaw: index)").run()
        }
        try await database.schema("tasks").field("team", .string).update()
        try await database.schema("tasks").deleteField("team_id").update()
        try await database.schema("tasks").deleteField("client_id").update()
        try await database.schema("orders").deleteField("client_id").update()
        try await database.schema("users").deleteField("client_id").update()
        try await database.schema("client_events").delete()
        try await database.schema("client_links").delete()
        try await database.schema("clients").delete()
        try await database.schema("team_members").delete()
        try await database.schema("teams").delete()
        try await database.schema("organizations").deleteField("courier").update()
    }
}

/// Tasks' free-text teams made into teams (issue 20).
public enum FreeTextTeams {
    /// Every distinct free-text `tasks.team` of an organization becomes a team (names compared without case or
    /// surrounding spaces), and its tasks refer to it by `team_id`.
    public static func migrate(on database: any Database) async throws {
        let sql = try database.sql
        let postgres = SQLDialectKind(database) == .postgres
        // (This store keeps a UUID on SQLite as its upper-case text: here a version 4 UUID from 16 random bytes.)
        let newID = postgres ? "gen_random_uuid()" : """
            substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-A' || substr(h, 18, 3) || '-' || substr(h, 21, 12)
            """
        let now = Date()
        try await sql.raw("""
            INSERT INTO teams (id, organization_id, name, name_key, created_at, updated_at)
            SELECT \(unsafeRaw: newID), organization_id, name, name_key, \(bind: now), \(bind: now)
            FROM (SELECT organization_id, min(trim(team)) AS name, lower(trim(team)) AS name_key, \(unsafeRaw: postgres ? "''" : "hex(randomblob(16))") AS h
                  FROM tasks WHERE team IS NOT NULL AND trim(team) <> '' GROUP BY organization_id, lower(trim(team))) AS named
            """).run()
        try await sql.raw("""
            UPDATE tasks SET team_id = (SELECT teams.id FROM teams WHERE teams.organization_id = tasks.organization_id
            AND teams.name_key = lower(trim(tasks.team))) WHERE team IS NOT NULL AND trim(team) <> ''
            """).run()
    }
}
