/// The settings every organization has, with the defaults a new one starts with.
struct OrganizationSettings: Sendable, Equatable {
    var defaultCountry = "US"
    var timezone = "UTC"
    var currency = "USD"
    var uniqueCustomerNames = false
}
