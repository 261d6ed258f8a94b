import Vapor

/// A number shown beside a link of the dashboard's navigation (the open erasure requests beside "Erasure requests"):
/// counted on every signed-in page of a user whose role has `permission`, inside an organization. A feature registers
/// its count in `DashboardRoutes`; the count must be cheap (an indexed read).
struct DashboardNavigationCount: Sendable {
    let path: String
    let permission: Permission
    let count: @Sendable (Request, Tenant) async throws -> Int

    /// The counts that apply to `user` in `organizationID`, by path. A count that fails is left out: it decorates a link
    /// and must not take the page down with it.
    static func counts(_ counts: [DashboardNavigationCount], for request: Request, user: User,
                       organizationID: UUID?) async -> [String: Int] {
        guard let organizationID else { return [:] }
        var result: [String: Int] = [:]
        for entry in counts where user.role.allows(entry.permission) {
            do {
                result[entry.path] = try await entry.count(request, Tenant(organizationID: organizationID))
            } catch {
                request.logger.warning("navigation count failed", metadata: ["path": "\(entry.path)", "error": "\(String(reflecting: error))"])
            }
        }
        return result
    }
}
