/// Routes of customer accounts: the public realm (sign-up, verification, sign-in, password reset, a new address's
/// confirmation), the account's own routes (`/api/v1/account/…`: an account token, `cla_…`, from
/// POST /api/v1/accounts/token; staff and client tokens are 403 there), and the staff's side (overrides, unlinking,
/// erasure requests).
enum AccountOperations {
    typealias O = APIOperation

    /// Paging by number only: these lists are short and have no cursor.
    static let pages = Array(O.pagination.prefix(2))
    static let organizationPath = "/api/v1/account/links/{organization_id}"

    static let all: [APIOperation] = publicRealm + (own + links + orders).map(\.outsideOrganizations) + staff

    static let publicRealm: [APIOperation] = [
        O(method: "POST", path: "/api/v1/accounts",
          summary: "Sign up: emails a confirmation link valid 3 days; the same answer for a known address (which gets a notice instead)",
          tag: "accounts", authenticated: false, requestSchema: "AccountSignUp",
          success: (201, "The sign-up is taken (whether or not the address had an account)", "AccountSignUpReceipt"), errors: [422, 429]),
        O(method: "POST", path: "/api/v1/accounts/verify",
          summary: "Confirm the account's address from the link sent to it; an unknown link is 404, a used, voided or expired one 410",
          tag: "accounts", authenticated: false, requestSchema: "AccountLinkToken",
          success: (200, "The account, verified", "Account"), errors: [404, 410]),
        O(method: "POST", path: "/api/v1/accounts/token",
          summary: "Sign in to a customer account and get an account token (cla_…) for /api/v1/account/…; throttled like staff sign-in",
          tag: "accounts", authenticated: false, requestSchema: "AccountSignIn",
          success: (201, "A new account token", "AccountTokenResponse"), errors: [401, 429]),
        O(method: "POST", path: "/api/v1/accounts/password-reset",
          summary: "Email a password reset link valid 1 hour when the address has an account; the same answer either way",
          tag: "accounts", authenticated: false, requestSchema: "AccountPasswordReset",
          success: (202, "Accepted", "AccountAccepted"), errors: [429]),
        O(method: "POST", path: "/api/v1/accounts/password-reset/confirm",
          summary: "Set a new password from the reset link; signs out every device. An unknown link is 404, a used, voided or expired one 410",
          tag: "accounts", authenticated: false, requestSchema: "AccountPasswordResetConfirm",
          success: (200, "The account", "Account"), errors: [404, 410]),
        O(method: "POST", path: "/api/v1/accounts/confirm-email",
          summary: "Move the account to its new address from the link sent there; 409 when another account took it meanwhile",
          tag: "accounts", authenticated: false, requestSchema: "AccountLinkToken",
          success: (200, "The account at its new address", "Account"), errors: [404, 409, 410]),
        O(method: "POST", path: "/api/v1/public/checkout",
          summary: "Checkout without staff: with an account token (optional; a staff token is 403, an unknown one 401) the account's order; without, a guest order, and with account: true and a password also an unverified account whose verification links the order (throttled per address)",
          tag: "public", authenticated: false, requestSchema: "PublicCheckoutInput",
          success: (201, "The order placed, payment pending, and what became of the account", "PublicCheckoutReceipt"),
          errors: [401, 403, 409, 422, 429]),
    ]

    static let own: [APIOperation] = [
        O(method: "GET", path: "/api/v1/account", summary: "The signed-in account (account token); ETag carries its version",
          tag: "account", success: (200, "The account", "Account")),
        O(method: "PATCH", path: "/api/v1/account",
          summary: "Change the profile (account token): inherited fields flow to every linked record; a new email waits in pending_email until confirmed",
          tag: "account", parameters: [CustomerOperationsHeaders.ifMatch], requestSchema: "AccountUpdate",
          success: (200, "The account; ETag carries its version", "Account"), errors: [412]),
        O(method: "DELETE", path: "/api/v1/account/token", summary: "Sign out: revoke the account token of this request",
          tag: "account", success: (204, "Revoked", nil)),
        O(method: "POST", path: "/api/v1/account/verification",
          summary: "Email a new confirmation link (account token); 409 when the address is already verified", tag: "account",
          success: (202, "Accepted", "AccountAccepted"), errors: [409]),
        O(method: "GET", path: "/api/v1/account/notifications",
          summary: "The in-app messages of every linked record, newest first (account token)", tag: "account",
          parameters: pages, success: (200, "A page of messages", "AccountMessagePage"), errors: [422]),
        O(method: "POST", path: "/api/v1/account/data-export",
          summary: "Everything held about the person: the account and each linked organization's export of its record (account token)",
          tag: "account", success: (200, "The data export, as an attachment (my-data.json)", "AccountDataExport")),
        O(method: "POST", path: "/api/v1/account/erasure-request",
          summary: "Delete the account at once and ask every linked organization to erase its record (account token)", tag: "account",
          success: (202, "The request is made; the account is gone", "AccountErasureReceipt")),
    ]

    static let links: [APIOperation] = [
        O(method: "GET", path: "/api/v1/account/links",
          summary: "The account's links to organizations, oldest first, with their marketing consent (account token)",
          tag: "account links", parameters: pages, success: (200, "A page of links", "AccountLinkPage"), errors: [422]),
        O(method: "POST", path: "/api/v1/account/links",
          summary: "Join an organization: link its record with the verified email, else create one (201; 200 when already linked; unverified 403)",
          tag: "account links", requestSchema: "AccountLinkJoin", success: (201, "The link", "AccountLink"), errors: [403, 409]),
        O(method: "PATCH", path: organizationPath,
          summary: "Change the marketing consent given to this organization only (account token)", tag: "account links",
          requestSchema: "AccountLinkConsent", success: (200, "The link", "AccountLink"), errors: [404]),
        O(method: "DELETE", path: organizationPath,
          summary: "Leave the organization: its record stays there with nothing of the account (account token)", tag: "account links",
          success: (204, "Unlinked", nil), errors: [404]),
        O(method: "GET", path: organizationPath + "/addresses",
          summary: "The saved addresses of the account's record in this organization, the default first (account token)",
          tag: "account links", parameters: pages, success: (200, "A page of addresses", "AddressPage"), errors: [404, 422]),
        O(method: "POST", path: organizationPath + "/addresses",
          summary: "Save an address to the record (the first becomes the default; account token)", tag: "account links",
          requestSchema: "AddressInput", success: (201, "The address", "Address"), errors: [404]),
        O(method: "PATCH", path: organizationPath + "/addresses/{address_id}",
          summary: "Change an address; is_default: true makes it the default (account token)", tag: "account links",
          requestSchema: "AddressInput", success: (200, "The address", "Address"), errors: [404]),
        O(method: "DELETE", path: organizationPath + "/addresses/{address_id}",
          summary: "Delete an address (the oldest remaining becomes default; account token)", tag: "account links",
          success: (204, "Deleted", nil), errors: [404]),
        O(method: "GET", path: organizationPath + "/loyalty",
          summary: "The record's loyalty balance, lifetime earned points and next expiry (account token)", tag: "account links",
          success: (200, "The balance", "LoyaltySummary"), errors: [404]),
        O(method: "GET", path: organizationPath + "/loyalty/entries",
          summary: "The record's loyalty ledger, newest first, without staff names (account token)", tag: "account links",
          parameters: O.pagination, success: (200, "A page of entries", "AccountLoyaltyEntryPage"), errors: [404, 422]),
        O(method: "POST", path: organizationPath + "/loyalty/redemptions",
          summary: "Redeem a reward of the catalogue; 409 when the balance is too low, 422 while the programme is off (account token)",
          tag: "account links", requestSchema: "AccountRedemptionInput", success: (201, "The entry", "AccountLoyaltyEntry"),
          errors: [404, 409]),
        O(method: "GET", path: organizationPath + "/rewards",
          summary: "The organization's rewards on offer, cheapest first (account token)", tag: "account links",
          parameters: pages, success: (200, "A page of rewards", "RewardPage"), errors: [404, 422]),
    ]

    static let orders: [APIOperation] = [
        O(method: "GET", path: "/api/v1/account/orders",
          summary: "The orders of every linked record, newest first, with their tasks' tracking status (account token)",
          tag: "account orders", parameters: O.pagination, success: (200, "A page of orders", "AccountOrderPage"), errors: [422]),
        O(method: "POST", path: "/api/v1/account/orders",
          summary: "Check out at an organization (joined first when not linked; unverified 403): payment pending, points once paid",
          tag: "account orders", requestSchema: "AccountCheckoutInput", success: (201, "The order", "AccountOrder"), errors: [403, 409]),
        O(method: "GET", path: "/api/v1/account/orders/{id}", summary: "One of the account's orders (another's is 404; account token)",
          tag: "account orders", success: (200, "The order", "AccountOrder"), errors: [404]),
        O(method: "POST", path: "/api/v1/account/orders/{id}/reorder",
          summary: "Order the same items again, payment pending (account token)", tag: "account orders",
          success: (201, "The new order", "AccountOrder"), errors: [404, 409]),
    ]

    static let staff: [APIOperation] = [
        O(method: "DELETE", path: "/api/v1/customers/{id}/overrides/{field}",
          summary: "Inherit an overridden field from the customer's account again: the account's value flows in (409 unless linked)",
          tag: "customers", success: (200, "The customer", "Customer"), errors: [403, 404, 409, 422],
          pathSchemas: ["field": ["type": "string", "enum": .array(AccountProfile.fields.map(JSONValue.string)),
                                  "description": "An inherited field"]]),
        O(method: "DELETE", path: "/api/v1/customers/{id}/account",
          summary: "Unlink the customer from its account: the record stays, with nothing of the account (409 unless linked)",
          tag: "customers", success: (204, "Unlinked", nil), errors: [403, 404, 409]),
        O(method: "GET", path: "/api/v1/erasure-requests",
          summary: "Erasure requests people made from their accounts, newest first (admins)", tag: "privacy",
          parameters: pages + [O.query("status", "open, erased or dismissed")],
          success: (200, "A page of erasure requests", "ErasureRequestPage"), errors: [403, 422]),
        O(method: "POST", path: "/api/v1/erasure-requests/{id}/erase",
          summary: "Erase the request's customer everywhere and close the request (admins); 409 when already handled",
          tag: "privacy", requestSchema: "ErasureRequestErase", success: (200, "The request, erased", "ErasureRequest"),
          errors: [403, 404, 409]),
        O(method: "POST", path: "/api/v1/erasure-requests/{id}/dismiss",
          summary: "Keep the record and close the request, saying why (admins); 409 when already handled", tag: "privacy",
          requestSchema: "ErasureRequestDismiss", success: (200, "The request, dismissed", "ErasureRequest"),
          errors: [403, 404, 409, 422]),
    ]
}

extension APIOperation {
    /// The operation of a customer account's route: its token acts in no organization.
    var outsideOrganizations: APIOperation {
        var operation = self
        operation.actsInOrganization = false
        return operation
    }
}
