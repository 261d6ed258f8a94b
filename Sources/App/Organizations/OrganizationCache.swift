import Fluent
import Foundation
import Vapor

/// The organizations this process read a moment ago. Nearly every request acts in one and needs its settings (default
/// country, time zone, currency, unique names, loyalty programme), and reading its row was one round trip of each —
/// one in eight of a create's on PostgreSQL. What it keeps is a copy of the row's columns: each hit builds a new
/// `Organization`, so no request shares a model.
///
/// Kept like `TokenCache` (`RecentReads`), and forgotten with it: a change of an organization
/// (`OrganizationSettingsUpdate`, the one place that writes its row) calls `TokenRevocations.announce` once it has
/// committed, so this process forgets at once and the others on the same PostgreSQL database within
/// `AppConfig.tokenRevocationInterval` (0.25 s), or the cache's lifetime at worst, should the database be unreadable
/// meanwhile.
final class OrganizationCache: Sendable {
    /// The columns of an organization's row.
    private struct Columns: Sendable {
        let id: UUID
        let name: String
        let slug: String
        let defaultCountry: String
        let timezone: String
        let currency: String
        let uniqueCustomerNames: Bool
        let notificationMatrixJSON: String?
        let loyaltyProgramJSON: String?
        let courier: Bool
        let createdAt: Date?
        let updatedAt: Date?

        init(_ organization: Organization) throws {
            id = try organization.requireID()
            name = organization.name
            slug = organization.slug
            defaultCountry = organization.defaultCountry
            timezone = organization.timezone
            currency = organization.currency
            uniqueCustomerNames = organization.uniqueCustomerNames
            notificationMatrixJSON = organization.notificationMatrixJSON
            loyaltyProgramJSON = organization.loyaltyProgramJSON
            courier = organization.courier
            createdAt = organization.createdAt
            updatedAt = organization.updatedAt
        }

        func makeOrganization() -> Organization {
            let organization = Organization()
            organization.id = id
            organization.name = name
            organization.slug = slug
            organization.defaultCountry = defaultCountry
            organization.timezone = timezone
            organization.currency = currency
            organization.uniqueCustomerNames = uniqueCustomerNames
            organization.notificationMatrixJSON = notificationMatrixJSON
            organization.loyaltyProgramJSON = loyaltyProgramJSON
            organization.courier = courier
            organization.createdAt = createdAt
            organization.updatedAt = updatedAt
            organization.$id.exists = true
            return organization
        }
    }

    private let reads: RecentReads<UUID, Columns>

    init(lifetime: TimeInterval = 5, capacity: Int = 10_000) {
        reads = RecentReads(lifetime: lifetime, capacity: capacity)
    }

    /// The organization, from what this process keeps or read now (nil: there is none).
    func organization(_ id: UUID, on database: any Database, now: Date = Date()) async throws -> Organization? {
        if let kept = reads.value(for: id, now: now) { return kept.makeOrganization() }
        let generation = reads.generation
        guard let organization = try await Organization.load(id, on: database) else { return nil }
        reads.store(try Columns(organization), for: id, generation: generation, readAt: now)
        return organization
    }

    /// Forgets every organization: called after any committed change of one (and of tokens, which share the signal).
    func forgetAll() { reads.forgetAll() }
}

extension Application {
    private struct OrganizationCacheKey: StorageKey { typealias Value = OrganizationCache }

    /// This application's organization cache (one per application, so test applications never share one), set by
    /// `configure` before the server starts.
    var organizationCache: OrganizationCache {
        get { storage[OrganizationCacheKey.self]! }
        set { storage[OrganizationCacheKey.self] = newValue }
    }
}
