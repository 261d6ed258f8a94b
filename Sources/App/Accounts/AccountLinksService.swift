import Fluent
import SQLKit
import Vapor

/// The account's links to organizations as the person sees them: joining, leaving, and marketing consent per
/// organization (source `customer` in that record's consent history, and nowhere else).
struct AccountLinksService {
    let database: any Database
    let account: Account

    var accountID: UUID { account.id! }
    var records: AccountRecords { AccountRecords(database: database) }

    /// One link: the organization and the person's choices there.
    struct View: Content {
        let organizationID: UUID
        let organization: AccountOrders.View.OrganizationRef
        let linkedAt: Date?
        let emailOptIn: Bool
        let smsOptIn: Bool

        enum CodingKeys: String, CodingKey {
            case organization
            case organizationID = "organization_id", linkedAt = "linked_at", emailOptIn = "email_opt_in", smsOptIn = "sms_opt_in"
        }
    }

    static func organization(slug: String, on database: any Database) async throws -> Organization? {
        try await SQLRows.first("SELECT * FROM organizations WHERE slug = \(bind: slug.lowercased()) LIMIT 1",
                                on: try database.sql, byKey: true)?.model(Organization.self)
    }

    func view(_ customer: Customer) async throws -> View {
        let organization = try await Organization.load(customer.organizationID, on: database)
        return View(organizationID: customer.organizationID,
                    organization: .init(id: customer.organizationID, name: organization?.name ?? "", slug: organization?.slug ?? ""),
                    linkedAt: customer.accountLinkedAt, emailOptIn: customer.emailOptIn, smsOptIn: customer.smsOptIn)
    }

    func list() async throws -> [View] {
        var views: [View] = []
        for link in try await records.links(of: accountID) {
            views.append(try await view(try await records.record(of: accountID, in: link.organizationID)))
        }
        return views
    }

    struct JoinInput: Decodable, Sendable {
        var organization: String?
    }

    func join(_ input: JoinInput) async throws -> (View, isNew: Bool) {
        var v = Validator()
        let slug = v.text(input.organization, "organization", required: true, max: 100)
        try v.check()
        guard let organization = try await Self.organization(slug: slug!, on: database) else {
            throw Problem.invalid("organization", "no organization has this slug")
        }
        let (customer, isNew) = try await records.join(account, organization: organization)
        return (try await view(customer), isNew)
    }

    func leave(_ organizationID: UUID) async throws {
        let customer = try await records.record(of: accountID, in: organizationID)
        try await records.unlink(customer, actor: AccountRecords.actor)
    }

    struct ConsentInput: Decodable, Sendable {
        var emailOptIn: Bool?
        var smsOptIn: Bool?

        enum CodingKeys: String, CodingKey {
            case emailOptIn = "email_opt_in", smsOptIn = "sms_opt_in"
        }
    }

    /// Changes the consent of one organization's record only.
    func consent(_ organizationID: UUID, _ input: ConsentInput) async throws -> View {
        if input.emailOptIn == nil && input.smsOptIn == nil {
            throw Problem.validation([.init(field: "email_opt_in", message: "send email_opt_in, sms_opt_in or both")])
        }
        let customer = try await records.record(of: accountID, in: organizationID)
        guard let organization = try await Organization.load(organizationID, on: database) else { throw Problem.notFound("link") }
        var changes = CustomerChanges()
        changes.emailOptIn = input.emailOptIn
        changes.smsOptIn = input.smsOptIn
        changes.consentSource = "customer"
        let written = try await records.service(in: organization, accountID: accountID).write(changes, to: customer, strictVersion: false)
        return try await view(written)
    }
}
