import Vapor

/// Registers every controller under its prefix.
func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    let api = app.grouped("api", "v1").grouped(QueryTextMiddleware())
    try api.register(collection: OpenAPIController())
    let auth = AuthController()
    try api.register(collection: auth)

    let signedIn = api.grouped(TokenAuthMiddleware())
    auth.bootAuthenticated(routes: signedIn)
    // Staff routes refuse client users' tokens, and the client portal's routes refuse staff tokens (403).
    let authenticated = signedIn.grouped(RealmGate.staff)
    try signedIn.grouped("client").grouped(RealmGate.client).register(collection: ClientPortalController())
    try authenticated.register(collection: OrganizationsController())
    try authenticated.register(collection: UsersController())
    try authenticated.register(collection: AuditLogController())
    try authenticated.register(collection: CustomerExportController())
    try authenticated.register(collection: CustomersController())
    try authenticated.register(collection: CustomerPrivacyController())
    try authenticated.register(collection: ImportsController())
    try authenticated.register(collection: AddressesController())
    try authenticated.register(collection: OrdersController())
    try authenticated.register(collection: TasksController())
    try authenticated.register(collection: NotificationsController())
    try authenticated.register(collection: NotificationTemplatesController())
    try authenticated.register(collection: MessagesController())
    try authenticated.register(collection: LoyaltyController())
    try authenticated.register(collection: RewardsController())
    try authenticated.register(collection: GiftCardsController())
    try authenticated.register(collection: TeamsController())
    try authenticated.register(collection: ClientsController())
    try api.register(collection: ClientAcceptanceController())
    try app.register(collection: UnsubscribeController())
    try app.register(collection: TrackingController())
    try api.register(collection: PublicOrdersController())
    DashboardRoutes.register(on: app)
}
