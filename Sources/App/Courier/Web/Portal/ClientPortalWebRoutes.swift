import Vapor

/// The client portal in the browser, under `/client`: its sign-in and the pages of its emailed links (public), and the
/// signed-in pages of a client user.
enum ClientPortalWebRoutes {
    static func register(on web: any RoutesBuilder) {
        let portal = web.grouped("client").grouped(ClientPortalErrorMiddleware())
        let signedIn = portal.grouped(ClientPortalAuthMiddleware())
        ClientPortalSignInController().boot(public: portal, signedIn: signedIn)
        ClientLinksWebController().boot(public: portal)
        ClientOrdersWebController().boot(routes: signedIn)
        ClientTasksWebController().boot(routes: signedIn)
        ClientSettingsWebController().boot(routes: signedIn)
    }

    /// What the client reads of its own orders and tasks, as through the API.
    static func reader(_ req: Request) async throws -> ClientPortalReader {
        ClientPortalReader(database: req.database, scope: try await ClientPortalScope.make(for: req),
                           publicURL: req.application.config.outbox.publicURL)
    }

    static func time(_ context: ClientPortalContext) -> PortalDateTime {
        PortalDateTime(timeZone: context.organization.timezone)
    }
}
