/// Actions whose access depends on the caller's role.
enum Permission: Sendable {
    case manageOrganizations   // create and list every organization
    case manageOrganization    // change the caller's organization settings
    case viewUsers
    case manageUsers
    case viewAuditLog
    case writeCustomers
    case deleteCustomers
}

extension Role {
    func allows(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.superAdmin, _): return true
        case (.admin, .manageOrganizations): return false
        case (.admin, _): return true
        case (.dispatcher, .viewUsers), (.dispatcher, .writeCustomers), (.dispatcher, .deleteCustomers): return true
        case (.guest, .writeCustomers): return true
        default: return false
        }
    }
}
