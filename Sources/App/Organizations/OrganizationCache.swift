import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The organizations this process read a moment ago. Nearly every request acts in one and needs its settings (default
/// country, time zone, currency, unique names, loyalty programme), and reading its row was one round trip of each —
/// one in eight of a create's on PostgreSQL. What it keeps is a copy of the row's columns: each hit builds a new
/// `Organization`, so no request shares a model.
///
/// Kept like `TokenCache`, and forgotten with it: a change of an organization (`OrganizationSettingsUpdate`, the one
/// place that writes its row) calls `TokenRevocations.announce` once it has committed, so this process forgets at once
/// and the others on the same PostgreSQL database within `AppConfig.tokenRevocationInterval` (0.25 s), or `lifetime`
/// at worst, should the database be unreadable meanwhile. A generation number keeps a lookup that read the database
/// before a change from storing what it read after the change was forgotten.
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
        let cachedAt: Date

        init(_ organization: Organization, at date: Date) throws {
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
            cachedAt = date
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

    private struct State {
        var entries: [UUID: Columns] = [:]
        var generation = 0
    }

    /// How long another process's change may take to reach this one; 0 keeps nothing.
    let lifetime: TimeInterval
    /// At most this many organizations are kept; past it the cache starts again empty.
    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(lifetime: TimeInterval = 5, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The organization, from what this process keeps or read now (nil: there is none).
    func organization(_ id: UUID, on database: any Database, now: Date = Date()) async throws -> Organization? {
        let (kept, generation) = state.withLockedValue { state -> (Columns?, Int) in
            guard let entry = state.entries[id] else { return (nil, state.generation) }
            guard now.timeIntervalSince(entry.cachedAt) < lifetime else {
                state.entries[id] = nil
                return (nil, state.generation)
            }
            return (entry, state.generation)
        }
        if let kept { return kept.makeOrganization() }
        guard let organization = try await Organization.load(id, on: database) else { return nil }
        if lifetime > 0 {
            let columns = try Columns(organization, at: now)
            state.withLockedValue { state in
                guard state.generation == generation else { return }
                if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
                state.entries[id] = columns
            }
        }
        return organization
    }

    /// Forgets every organization: called after any committed change of one (and of tokens, which share the signal).
    func forgetAll() {
        state.withLockedValue { state in
            state.generation += 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
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
