import Vapor

/// The customer account's portal in the browser, under `/account`: sign-up, sign-in and the pages of the emailed links
/// (public), and the signed-in pages of an account — its orders, organizations (consent, addresses, points), messages,
/// profile and privacy. Accounts are not users: their sessions are their own (`AccountSessions`).
enum AccountPortalWebRoutes {
    static func register(on web: any RoutesBuilder) {
        let portal = web.grouped("account").grouped(AccountPortalErrorMiddleware())
        let signedIn = portal.grouped(AccountPortalAuthMiddleware())
        AccountSignInController().boot(public: portal, signedIn: signedIn)
        AccountSignUpController().boot(public: portal)
        AccountLinksWebController().boot(public: portal)
        AccountOrdersWebController().boot(routes: signedIn)
        AccountProfileWebController().boot(routes: signedIn)
        AccountOrganizationsWebController().boot(routes: signedIn)
        AccountOrganizationWebController().boot(routes: signedIn)
        AccountPrivacyWebController().boot(routes: signedIn)
    }
}
