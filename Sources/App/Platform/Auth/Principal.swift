import Vapor

/// Who is calling, and in which organization they act.
struct Principal: Sendable {
    let user: User
    let tokenID: UUID
    /// The caller's own organization, or the one a super admin named in `X-Organization-Id`.
    let organizationID: UUID?

    var userID: UUID { user.id! }
    var role: Role { user.role }
    var isSuperAdmin: Bool { user.isSuperAdmin }
    /// A client user's client; nil for staff.
    var clientID: UUID? { role == .client ? user.clientID : nil }

    /// The tenant for organization data; a super admin must name one with `X-Organization-Id`.
    func tenant() throws -> Tenant {
        guard let organizationID else {
            throw Problem.badRequest("A super admin acts inside an organization by sending X-Organization-Id",
                                     field: "X-Organization-Id")
        }
        return Tenant(organizationID: organizationID)
    }

    func require(_ permission: Permission) throws {
        guard role.allows(permission) else {
            throw Problem.forbidden("Your role (\(role.rawValue)) does not \(permission.refusal)")
        }
    }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    var principal: Principal {
        get throws {
            guard let principal = storage[PrincipalKey.self] else { throw Problem.unauthorized("Authentication required") }
            return principal
        }
    }

    func setPrincipal(_ principal: Principal) {
        storage[PrincipalKey.self] = principal
    }
}
