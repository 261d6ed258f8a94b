/// The settings every organization has, with the defaults a new one starts with.
struct OrganizationSettings: Sendable, Equatable {
    var defaultCountry = "US"
    var timezone = "UTC"
    var currency = "USD"
    var uniqueCustomerNames = false
    /// Which channels each task event notifies the customer on.
    var notifications = NotificationMatrix.defaults
    /// The loyalty programme; off until an admin switches it on.
    var loyalty = LoyaltyProgram.defaults
    /// A courier organization: teams and business clients with their portal.
    var courier = false
}
