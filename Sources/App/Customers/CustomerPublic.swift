import Vapor

extension Customer {
    /// The customer as the API shows it. Every documented key is present; absent values are `null`.
    struct Public: Content {
        var customer: Customer
        var includeNotes: Bool
        var defaultAddress: Address?
        /// What an agent sees of a customer it delivers to: name, phone, address and notes.
        var deliveryViewOnly: Bool

        init(_ customer: Customer, includeNotes: Bool = true, defaultAddress: Address? = nil, deliveryViewOnly: Bool = false) {
            self.customer = customer
            self.includeNotes = includeNotes
            self.defaultAddress = defaultAddress
            self.deliveryViewOnly = deliveryViewOnly
        }

        init(from decoder: any Decoder) throws {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Customer.Public is output only"))
        }

        enum Key: String, CodingKey {
            case id, name, company, email, phone, birthday, timezone, notes, tags, source, status, marketing, version, visits
            case organizationID = "organization_id", firstName = "first_name", lastName = "last_name"
            case preferredLanguage = "preferred_language", preferredContactMethod = "preferred_contact_method"
            case bestTimeToCall = "best_time_to_call", customFields = "custom_fields", externalID = "external_id"
            case namesValidated = "names_validated", managedBy = "managed_by", defaultAddress = "default_address"
            case loyaltyPoints = "loyalty_points", totalOrders = "total_orders", totalSpent = "total_spent"
            case firstOrderAt = "first_order_at", lastOrderAt = "last_order_at"
            case createdAt = "created_at", updatedAt = "updated_at"
            case emailOptIn = "email_opt_in", emailOptInAt = "email_opt_in_at", emailOptInSource = "email_opt_in_source"
            case smsOptIn = "sms_opt_in", smsOptInAt = "sms_opt_in_at", smsOptInSource = "sms_opt_in_source"
        }

        func encode(to encoder: any Encoder) throws {
            let c = customer
            var out = encoder.container(keyedBy: Key.self)
            try out.encode(c.id, forKey: .id)
            if deliveryViewOnly {
                try out.encode(c.name, forKey: .name)
                try out.encode(c.phone, forKey: .phone)
                try out.encode(defaultAddress.map(Address.Public.init), forKey: .defaultAddress)
                try out.encode(c.notes, forKey: .notes)
                return
            }
            try out.encode(c.organizationID, forKey: .organizationID)
            try out.encode(c.name, forKey: .name)
            try out.encode(c.firstName, forKey: .firstName)
            try out.encode(c.lastName, forKey: .lastName)
            try out.encode(c.company, forKey: .company)
            try out.encode(c.email, forKey: .email)
            try out.encode(c.phone, forKey: .phone)
            try out.encode(c.birthday, forKey: .birthday)
            try out.encode(c.timezone, forKey: .timezone)
            try out.encode(c.preferredLanguage, forKey: .preferredLanguage)
            try out.encode(c.preferredContactMethod, forKey: .preferredContactMethod)
            try out.encode(c.bestTimeToCall, forKey: .bestTimeToCall)
            if includeNotes { try out.encode(c.notes, forKey: .notes) }
            try out.encode(CustomerRules.decodeTags(c.tagsJSON), forKey: .tags)
            try out.encode(CustomerRules.decodeCustomFields(c.customFieldsJSON), forKey: .customFields)
            try out.encode(c.externalID, forKey: .externalID)
            try out.encode(c.source, forKey: .source)
            try out.encode(c.status, forKey: .status)
            var marketing = out.nestedContainer(keyedBy: Key.self, forKey: .marketing)
            try marketing.encode(c.emailOptIn, forKey: .emailOptIn)
            try marketing.encode(c.emailOptInAt, forKey: .emailOptInAt)
            try marketing.encode(c.emailOptInSource, forKey: .emailOptInSource)
            try marketing.encode(c.smsOptIn, forKey: .smsOptIn)
            try marketing.encode(c.smsOptInAt, forKey: .smsOptInAt)
            try marketing.encode(c.smsOptInSource, forKey: .smsOptInSource)
            try out.encode(c.namesValidated, forKey: .namesValidated)
            try out.encode(c.managedByID, forKey: .managedBy)
            try out.encode(defaultAddress.map(Address.Public.init), forKey: .defaultAddress)
            try out.encode(c.loyaltyPoints, forKey: .loyaltyPoints)
            try out.encode(c.totalOrders, forKey: .totalOrders)
            try out.encode(Money.decimalString(minorUnits: c.totalSpentMinor), forKey: .totalSpent)
            try out.encode(c.visits, forKey: .visits)
            try out.encode(c.firstOrderAt, forKey: .firstOrderAt)
            try out.encode(c.lastOrderAt, forKey: .lastOrderAt)
            try out.encode(c.version, forKey: .version)
            try out.encode(c.createdAt, forKey: .createdAt)
            try out.encode(c.updatedAt, forKey: .updatedAt)
        }
    }
}
