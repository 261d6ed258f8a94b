import Vapor

/// Keeps staff and client users apart: a client user's token opens only the client portal's routes, and a staff
/// token never opens them. The other side's route answers 403.
struct RealmGate: AsyncMiddleware {
    enum Realm { case staff, client }
    let realm: Realm

    static let staff = RealmGate(realm: .staff)
    static let client = RealmGate(realm: .client)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let isClient = try request.principal.role == .client
        switch (realm, isClient) {
        case (.staff, true):
            throw Problem.forbidden("A client user uses the client portal (/api/v1/client/…) only")
        case (.client, false):
            throw Problem.forbidden("These are the client portal's routes, for client users only")
        default:
            return try await next.respond(to: request)
        }
    }
}
