import Fluent
import Foundation
import SQLKit
import Vapor

/// The emails of customer accounts, queued in `account_mails` in the caller's transaction and delivered by the outbox
/// workers: they carry single-use links, so their words are dropped once sent.
enum AccountMail {
    enum Kind {
        case verify, reset, emailChange, alreadyRegistered, erased
    }

    static func queue(_ kind: Kind, to recipient: String, accountID: UUID?, secret: String?, config: OutboxConfig,
                      on db: any Database, now: Date = Date()) async throws {
        let base = config.publicURL
        let subject: String
        var paragraphs: [String]
        var link: (url: String, text: String)?
        switch kind {
        case .verify:
            subject = "Confirm your email address"
            paragraphs = ["Welcome! Confirm that this address is yours to finish your account (the link works once, for 3 days):"]
            link = ("\(base)/account/verify?token=\(secret ?? "")", "Confirm my address")
        case .reset:
            subject = "Reset your password"
            paragraphs = ["Someone asked to reset the password of the account with this address. If it was you, choose a new "
                          + "password here (the link works once, for an hour); if not, ignore this email."]
            link = ("\(base)/account/reset-password?token=\(secret ?? "")", "Choose a new password")
        case .emailChange:
            subject = "Confirm your new email address"
            paragraphs = ["Your account asked to use this address from now on. Confirm it here (the link works once, for 3 "
                          + "days); until then your earlier address stays in use:"]
            link = ("\(base)/account/confirm-email?token=\(secret ?? "")", "Confirm this address")
        case .alreadyRegistered:
            subject = "You already have an account"
            paragraphs = ["Someone tried to sign up with this address, which already has an account. If it was you, sign in, "
                          + "or reset your password if you forgot it. If not, you can ignore this email."]
            link = ("\(base)/account/sign-in", "Sign in")
        case .erased:
            subject = "Your account was deleted"
            paragraphs = ["Your account was deleted as you asked. Each organization you were linked to was asked to erase "
                          + "your data there."]
        }
        var html = paragraphs.map { "<p>\(HTML.escape($0))</p>" }
        var text = paragraphs
        if let link {
            html.append("<p><a href=\"\(HTML.escape(link.url))\">\(HTML.escape(link.text))</a></p>")
            text.append(link.url)
        }
        var row = RowInsert(into: "account_mails")
        row.set("id", UUID.timeOrdered())
        row.set("account_id", accountID)
        row.set("kind", "account")
        row.set("channel", NotificationChannel.email.rawValue)
        row.set("status", NotificationStatus.queued.rawValue)
        row.set("recipient", recipient)
        row.set("subject", subject)
        row.set("body", text.joined(separator: "\n\n"))
        row.set("html", html.joined(separator: "\n"))
        row.set("attempts", 0)
        row.set("max_attempts", config.maxAttempts)
        row.set("next_attempt_at", now)
        row.set("created_at", now)
        row.set("updated_at", now)
        try await row.run(on: db)
    }
}
