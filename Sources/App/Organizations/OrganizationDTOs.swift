import Vapor

extension Organization {
    struct SettingsBody: Content {
        var defaultCountry: String?
        var timezone: String?
        var currency: String?
        var uniqueCustomerNames: Bool?
        /// `{"task_created": ["in_app", "email"], …}`: the events sent change, the others stay.
        var notifications: JSONValue?
        /// `{"enabled", "points_per_unit", …}`: the fields sent change, the others stay.
        var loyalty: JSONValue?
        /// A courier organization has teams and business clients.
        var courier: Bool?

        enum CodingKeys: String, CodingKey {
            case timezone, currency, notifications, loyalty, courier
            case defaultCountry = "default_country"
            case uniqueCustomerNames = "unique_customer_names"
        }

        init(_ settings: OrganizationSettings) {
            defaultCountry = settings.defaultCountry
            timezone = settings.timezone
            currency = settings.currency
            uniqueCustomerNames = settings.uniqueCustomerNames
            notifications = .object(settings.notifications.jsonObject.mapValues { .array($0.map(JSONValue.string)) })
            loyalty = settings.loyalty.json
            courier = settings.courier
        }

        /// Applies the fields that were sent, validating each.
        func applied(to base: OrganizationSettings, _ validator: inout Validator) -> OrganizationSettings {
            var settings = base
            if let value = defaultCountry {
                let code = value.trimmingCharacters(in: .whitespaces).uppercased()
                if CountryCode.isValid(code) { settings.defaultCountry = code }
                else { validator.add("settings.default_country", "must be an ISO 3166-1 alpha-2 country code, like US or GB") }
            }
            if let value = timezone {
                if TimeZoneName.isValid(value) { settings.timezone = value }
                else { validator.add("settings.timezone", "must be an IANA time zone, like America/New_York") }
            }
            if let value = currency {
                let code = value.trimmingCharacters(in: .whitespaces).uppercased()
                if CurrencyCode.isValid(code) { settings.currency = code }
                else { validator.add("settings.currency", "must be an ISO 4217 currency code, like USD") }
            }
            if let value = uniqueCustomerNames { settings.uniqueCustomerNames = value }
            if let value = courier { settings.courier = value }
            switch notifications {
            case nil, .null?: break
            case let .object(events)?:
                settings.notifications = settings.notifications.applying(events, field: "settings.notifications", &validator)
            case .some:
                validator.add("settings.notifications", "must be an object of events, each a list of channels")
            }
            switch loyalty {
            case nil, .null?: break
            case let .object(fields)?: settings.loyalty = settings.loyalty.applying(fields, field: "settings.loyalty", &validator)
            case .some: validator.add("settings.loyalty", "must be an object of loyalty settings")
            }
            return settings
        }
    }

    struct AdminBody: Content {
        var email: String?
        var name: String?
        var password: String?
    }

    struct Create: Content {
        var name: String?
        var slug: String?
        var admin: AdminBody?
        var settings: SettingsBody?
    }

    struct Update: Content {
        var name: String?
        var settings: SettingsBody?
    }

    struct Public: Content {
        let id: UUID
        let name: String
        let slug: String
        let settings: SettingsBody
        let createdAt: Date?
        let updatedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, name, slug, settings
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }
    }

    var asPublic: Public {
        Public(id: id!, name: name, slug: slug, settings: SettingsBody(settings), createdAt: createdAt, updatedAt: updatedAt)
    }
}
