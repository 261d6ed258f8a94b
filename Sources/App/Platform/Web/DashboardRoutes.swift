import Vapor

/// The staff dashboard: server-rendered pages beside the API, in the same process.
enum DashboardRoutes {
    static func register(on app: Application) {
        Stylesheet.register(on: app)
        let web = app.grouped(WebErrorMiddleware()).grouped(QueryTextMiddleware())
        let signedIn = web.grouped(DashboardAuthMiddleware(navigationCounts: [ErasureRequestsWebController.navigationCount]))
        SignInController().boot(public: web, signedIn: signedIn)
        ClientPortalWebRoutes.register(on: web)
        AccountPortalWebRoutes.register(on: web)
        signedIn.get { req in req.redirect(to: "/customers", redirectType: .normal) }
        CustomersWebController().boot(routes: signedIn)
        SegmentsWebController().boot(routes: signedIn)
        DuplicatesWebController().boot(routes: signedIn)
        MergesWebController().boot(routes: signedIn)
        CustomerPrivacyWebController().boot(routes: signedIn)
        ImportsWebController().boot(routes: signedIn)
        // The same downloads as the API's, with the session's principal: the list's search, filters and segment.
        try? CustomerExportController().boot(routes: signedIn)
        AddressesWebController().boot(routes: signedIn)
        OrdersWebController().boot(routes: signedIn)
        AdminWebController().boot(routes: signedIn)
        OrganizationsWebController().boot(routes: signedIn)
        NotificationsWebController().boot(routes: signedIn)
        NotificationTemplatesWebController().boot(routes: signedIn)
        CustomerMessagesWebController().boot(routes: signedIn)
        CustomerLoyaltyWebController().boot(routes: signedIn)
        GiftCardsWebController().boot(routes: signedIn)
        RewardsWebController().boot(routes: signedIn)
        LoyaltySettingsWebController().boot(routes: signedIn)
        ClientsWebController().boot(routes: signedIn)
        TeamsWebController().boot(routes: signedIn)
        CustomerAccountWebController().boot(routes: signedIn)
        ErasureRequestsWebController().boot(routes: signedIn)
    }
}
