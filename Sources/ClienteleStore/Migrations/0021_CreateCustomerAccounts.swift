import FluentKit
import Foundation
import SQLKit

/// Issue 21's schema: customer accounts (a login realm of their own, across organizations), their tokens, their
/// single-use links (email verification, password reset, email change) and their outbox of emails; on each customer
/// record the account it is linked to, since when, the inherited fields its organization overrode, and the account's
/// changes that would have broken one of the organization's rules; and each organization's erasure requests.
struct CreateCustomerAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        try await database.schema("accounts")
            .id()
            // Lower case; one account per address.
            .field("email", .string, .required)
            // A new address waiting for its confirmation link.
            .field("pending_email", .string)
            .field("email_verified_at", .datetime)
            .field("password_hash", .string, .required)
            .field("name", .string)
            .field("first_name", .string)
            .field("last_name", .string)
            .field("phone", .string)
            .field("birthday", .string)
            .field("timezone", .string)
            // NULL until the person sets it; once set, no organization's change overwrites it.
            .field("preferred_language", .string)
            // JSON array of organization ids the person checked out at before verifying: joined once verified.
            .field("pending_joins", .string, .required, .sql(.default("[]")))
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "email", name: "accounts_email_key")
            .create()

        try await database.schema("account_tokens")
            .id()
            .field("account_id", .uuid, .required, .references("accounts", .id, onDelete: .cascade))
            // SHA-256 of the bearer token: the token itself is never stored.
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash", name: "account_tokens_hash_key")
            .create()
        try await SchemaIndex.create("account_tokens_account_idx", on: "account_tokens", columns: ["account_id"], in: database)

        // The account portal's browser sessions (`/account`): a cookie's SHA-256, its CSRF token, and a digest of the
        // password hash when it started (a new password ends it).
        try await database.schema("account_sessions")
            .id()
            .field("account_id", .uuid, .required, .references("accounts", .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("csrf_token", .string, .required)
            .field("password_stamp", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("last_seen_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash", name: "account_sessions_token_hash_key")
            .create()
        try await SchemaIndex.create("account_sessions_account_idx", on: "account_sessions", columns: ["account_id"], in: database)

        try await database.schema("account_link_tokens")
            .id()
            .field("account_id", .uuid, .required, .references("accounts", .id, onDelete: .cascade))
            // `verify_email`, `password_reset` or `email_change`.
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("email", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("voided_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash", name: "account_link_tokens_hash_key")
            .create()
        try await SchemaIndex.create("account_link_tokens_account_idx", on: "account_link_tokens",
                                     columns: ["account_id", "purpose"], in: database)

        // The accounts' emails, delivered by the outbox workers like `notifications` (the same columns they claim).
        // They belong to a person, not to an organization; their words are dropped once sent (they carry links).
        try await database.schema("account_mails")
            .id()
            .field("account_id", .uuid)
            .field("kind", .string, .required)
            .field("channel", .string, .required)
            .field("status", .string, .required)
            .field("recipient", .string)
            .field("subject", .string)
            .field("body", .string, .required)
            .field("html", .string)
            .field("unsubscribe_token", .string)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("last_error", .string)
            .field("next_attempt_at", .datetime)
            .field("lease_until", .datetime)
            .field("lease_owner", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("updated_at", .datetime, .required)
            .create()
        try await sql.raw("""
            CREATE INDEX account_mails_due_idx ON account_mails (next_attempt_at) WHERE status IN ('queued', 'sending')
            """).run()
        try await SchemaIndex.create("account_mails_account_idx", on: "account_mails", columns: ["account_id"], in: database)

        // (No foreign key to accounts: SQLite cannot drop a column that holds one; unlinking clears it.)
        try await database.schema("customers").field("account_id", .uuid).update()
        try await database.schema("customers").field("account_linked_at", .datetime).update()
        try await database.schema("customers").field("overridden_fields", .string, .required, .sql(.default("[]"))).update()
        try await database.schema("customers").field("account_conflicts", .string, .required, .sql(.default("[]"))).update()
        try await sql.raw("CREATE INDEX customers_account_idx ON customers (account_id) WHERE account_id IS NOT NULL").run()
        // One record per account in an organization.
        try await sql.raw("""
            CREATE UNIQUE INDEX customers_org_account_key ON customers (organization_id, account_id) WHERE account_id IS NOT NULL
            """).run()

        try await database.schema("account_erasure_requests")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("customer_id", .uuid, .required)
            // `open`, then `erased` or `dismissed` by an admin.
            .field("status", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("handled_at", .datetime)
            .field("handled_by_id", .uuid)
            .field("handled_by_name", .string)
            // Why a dismissed request's record is kept (a legal hold), or the erasure's reason.
            .field("handled_reason", .string)
            .create()
        try await SchemaIndex.create("account_erasure_requests_org_idx", on: "account_erasure_requests",
                                     columns: ["organization_id", "status", "requested_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await database.schema("account_erasure_requests").delete()
        try await sql.raw("DROP INDEX customers_org_account_key").run()
        try await sql.raw("DROP INDEX customers_account_idx").run()
        for column in ["account_conflicts", "overridden_fields", "account_linked_at", "account_id"] {
            try await database.schema("customers").deleteField(.string(column)).update()
        }
        try await database.schema("account_mails").delete()
        try await database.schema("account_link_tokens").delete()
        try await database.schema("account_sessions").delete()
        try await database.schema("account_tokens").delete()
        try await database.schema("accounts").delete()
    }
}
