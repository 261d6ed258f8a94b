/// Actions whose access depends on the caller's role: every role rule of the API and the dashboard is written here,
/// once, and nowhere else.
enum Permission: Sendable, CaseIterable {
    case manageOrganizations   // create and list every organization
    case manageOrganization    // change the caller's organization settings
    case viewUsers
    case manageUsers
    case viewAuditLog
    case writeCustomers
    case deleteCustomers
    case mergeCustomers        // merge duplicates, preview and undo merges
    case viewStatistics
    case importCustomers
    case exportCustomers
    case exportPersonalData
    case eraseCustomers
    case createTasks
    case changeTasks           // edit a task, assign its agent
    case seeOrders             // agents work through tasks and see no orders
    case seeNotifications      // the outbox, each customer's notifications, the templates; retry a failed one
    case editNotificationTemplates
    case sendMessages          // marketing messages to opted-in customers
    case seeLoyaltyBalance     // a customer's balance: also guest users, for the customers they manage
    case seeLoyalty            // ledgers, rewards and redemptions, gift cards
    case changeLoyalty         // adjust and redeem points, issue, redeem and disable gift cards
    case manageRewards         // the rewards catalogue
    case seeTeams              // a courier's teams and their agents
    case manageTeams           // create, rename and delete teams, choose their agents
    case seeClients            // a courier's business clients and their timeline
    case manageClients         // create, invite, change and delete clients
    case useSegments           // see saved segments and list, export or message them; save, change and delete them
    case seeDuplicates         // the organization's likely duplicate pairs

    /// What the caller was refused, for the 403's detail: "Your role (agent) does not …".
    var refusal: String {
        switch self {
        case .manageOrganizations: "manage organizations"
        case .manageOrganization: "change the organization's settings"
        case .viewUsers: "see users"
        case .manageUsers: "manage users"
        case .viewAuditLog: "see the audit log"
        case .writeCustomers: "change customers"
        case .deleteCustomers: "delete customers"
        case .mergeCustomers: "merge customers"
        case .viewStatistics: "see statistics"
        case .importCustomers: "import customers"
        case .exportCustomers: "export customers"
        case .exportPersonalData: "export a customer's personal data"
        case .eraseCustomers: "erase customers"
        case .createTasks: "create tasks"
        case .changeTasks: "change tasks"
        case .seeOrders: "see orders; agents see the tasks assigned to them"
        case .seeNotifications: "see notifications"
        case .editNotificationTemplates: "change notification templates"
        case .sendMessages: "send messages to customers"
        case .seeLoyaltyBalance: "see loyalty balances"
        case .seeLoyalty: "see loyalty points, rewards and gift cards"
        case .changeLoyalty: "change loyalty points or gift cards"
        case .manageRewards: "change the rewards catalogue"
        case .seeTeams: "see teams"
        case .manageTeams: "manage teams"
        case .seeClients: "see clients"
        case .manageClients: "manage clients"
        case .useSegments: "use segments"
        case .seeDuplicates: "see possible duplicate customers"
        }
    }
}

extension Role {
    func allows(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.superAdmin, _): return true
        case (.admin, .manageOrganizations): return false
        case (.admin, _): return true
        case (.dispatcher, .viewUsers), (.dispatcher, .writeCustomers), (.dispatcher, .deleteCustomers), (.dispatcher, .mergeCustomers),
             (.dispatcher, .viewStatistics), (.dispatcher, .importCustomers), (.dispatcher, .exportCustomers),
             (.dispatcher, .exportPersonalData), (.dispatcher, .createTasks), (.dispatcher, .changeTasks),
             (.dispatcher, .seeOrders), (.dispatcher, .seeNotifications), (.dispatcher, .sendMessages),
             (.dispatcher, .seeLoyaltyBalance), (.dispatcher, .seeLoyalty), (.dispatcher, .changeLoyalty),
             (.dispatcher, .seeTeams), (.dispatcher, .seeClients), (.dispatcher, .useSegments), (.dispatcher, .seeDuplicates):
            return true
        case (.guest, .writeCustomers), (.guest, .createTasks), (.guest, .seeOrders), (.guest, .seeLoyaltyBalance): return true
        default: return false
        }
    }
}
