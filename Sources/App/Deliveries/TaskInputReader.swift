import Fluent
import Foundation

/// Reads a task body into the record: links (parent job, order, customer, agent), locations, windows, cash.
struct TaskInputReader {
    let database: any Database
    let tenant: Tenant
    let organization: Organization

    func apply(_ input: DeliveryTask.Input, to task: DeliveryTask, type: TaskType?, isCreate: Bool, _ v: inout Validator) async throws {
        if case let .value(parentID) = input.parentID {
            let parent = try await tenant.query(DeliveryTask.self, on: database).filter(\.$id == parentID).first()
            if type == .job { v.add("parent_id", "a job cannot have a parent") }
            else if parent?.type != TaskType.job.rawValue { v.add("parent_id", "must be a job of this organization") }
            else { task.parentID = parentID }
        } else if case .null = input.parentID { task.parentID = nil }

        if case let .value(orderID) = input.orderID {
            if let order = try await tenant.query(Order.self, on: database).filter(\.$id == orderID).first() {
                task.orderID = orderID
                if input.customerID.isAbsent, task.customerID == nil { task.customerID = order.customerID }
                if task.contactName == nil { task.contactName = order.contactName }
                if task.contactPhone == nil { task.contactPhone = order.contactPhone }
            } else { v.add("order_id", "no order of this organization has this id") }
        } else if case .null = input.orderID { task.orderID = nil }

        if case let .value(customerID) = input.customerID {
            if let customer = try await tenant.query(Customer.self, on: database).filter(\.$id == customerID).first() {
                task.customerID = customerID
                task.contactName = customer.name
                task.contactPhone = customer.phone
            } else { v.add("customer_id", "no customer of this organization has this id") }
        } else if case .null = input.customerID { task.customerID = nil }

        if case let .value(agentID) = input.agentID {
            let agent = try await tenant.query(User.self, on: database).filter(\.$id == agentID).first()
            if agent?.role == .agent { task.agentID = agentID } else { v.add("agent_id", "must be an agent of this organization") }
        } else if case .null = input.agentID { task.agentID = nil }

        for (field, name) in [(input.pickup, "pickup"), (input.dropoff, "dropoff")] {
            switch field {
            case .absent: continue
            case .null: if name == "pickup" { task.pickupJSON = nil } else { task.dropoffJSON = nil }
            case let .value(location):
                if let checked = try await resolve(location, name, customerID: task.customerID, &v) {
                    if name == "pickup" { task.pickupJSON = checked.json } else { task.dropoffJSON = checked.json }
                }
            }
        }
        window(input.pickupWindow, "pickup_window", &v) { task.pickupAfter = $0; task.pickupBefore = $1 }
        window(input.dropoffWindow, "dropoff_window", &v) { task.dropoffAfter = $0; task.dropoffBefore = $1 }
        switch input.teamID {
        case let .value(teamID):
            if try await tenant.query(Team.self, on: database).filter(\.$id == teamID).count() == 1 { task.teamID = teamID }
            else { v.add("team_id", "must be a team of this organization") }
        case .null: task.teamID = nil
        case .absent: break
        }
        if let notes = input.notes.value { task.notes = v.text(notes, "notes", max: 2_000) } else if case .null = input.notes { task.notes = nil }
        if let method = input.paymentMethod.value { task.paymentMethod = v.text(method, "payment_method", max: 50) }
        else if case .null = input.paymentMethod { task.paymentMethod = nil }
        switch input.amount {
        case let .value(raw):
            if let minor = OrderRules.minorUnits(raw) { task.amountMinor = minor; task.currency = task.currency ?? organization.currency }
            else { v.add("amount", "must be a decimal string of at most 10 digits and two decimals, like \"24.50\"") }
        case .null: task.amountMinor = nil
        case .absent: break
        }
        if let raw = input.currency.value {
            let code = raw.uppercased()
            if CurrencyCode.isValid(code) { task.currency = code } else { v.add("currency", "must be an ISO 4217 currency code") }
        }
        if isCreate, type?.handlesCash == true, task.amountMinor == nil { v.add("amount", "is required for cash tasks") }
        if isCreate, type != .job, type != nil, task.pickupJSON == nil, task.dropoffJSON == nil {
            v.add(type == .pickup ? "pickup" : "dropoff", "a task needs a pickup or a drop-off location")
        }
    }

    /// A saved address of the task's customer, copied; or an inline location, checked.
    private func resolve(_ location: TaskLocation, _ name: String, customerID: UUID?, _ v: inout Validator) async throws -> TaskLocation? {
        if let addressID = location.addressID {
            let query = tenant.query(Address.self, on: database).filter(\.$id == addressID)
            if let customerID { query.filter(\.$customerID == customerID) }
            guard let address = try await query.first() else {
                v.add("\(name).address_id", "must be a saved address of the task's customer")
                return nil
            }
            return TaskLocation(copying: address)
        }
        return Self.checkedInline(location, name, defaultCountry: organization.defaultCountry, &v)
    }

    /// An inline location, checked: an address line or coordinates, bounded texts, a country, a normalized phone.
    static func checkedInline(_ location: TaskLocation, _ name: String, defaultCountry: String, _ v: inout Validator) -> TaskLocation? {
        var checked = location
        if (location.line1 ?? location.formatted)?.trimmingCharacters(in: .whitespaces).isEmpty ?? true,
           location.latitude == nil || location.longitude == nil {
            v.add(name, "needs address_id, line1 or formatted, or latitude and longitude")
            return nil
        }
        if let latitude = location.latitude, !(-90...90).contains(latitude) { v.add("\(name).latitude", "must be between -90 and 90") }
        if let longitude = location.longitude, !(-180...180).contains(longitude) { v.add("\(name).longitude", "must be between -180 and 180") }
        let country = (location.country ?? defaultCountry).uppercased()
        if CountryCode.isValid(country) { checked.country = country } else { v.add("\(name).country", "must be an ISO 3166-1 alpha-2 code") }
        if let phone = location.contactPhone {
            switch PhoneNumber.normalize(phone, defaultRegion: country) {
            case let .success(e164): checked.contactPhone = e164
            case let .failure(error): v.add("\(name).contact_phone", error.message)
            }
        }
        for (value, field, max) in [(location.line1, "line1", 200), (location.line2, "line2", 200), (location.city, "city", 100),
                                    (location.formatted, "formatted", 500), (location.notes, "notes", 1_000)] {
            if let value, value.count > max { v.add("\(name).\(field)", "must be at most \(max) characters") }
        }
        if checked.formatted == nil {
            checked.formatted = [location.line1, location.line2, location.city, location.postalCode, country]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        }
        return checked
    }

    private func window(_ field: FieldPatch<DeliveryTask.Window>, _ name: String, _ v: inout Validator, _ set: (Date?, Date?) -> Void) {
        switch field {
        case .absent: return
        case .null: set(nil, nil)
        case let .value(window):
            if let start = window.start, let end = window.end, end <= start { v.add("\(name).end", "must be after start") }
            else { set(window.start, window.end) }
        }
    }
}
