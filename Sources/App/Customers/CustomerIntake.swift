import Fluent
import Vapor

/// Intake from integrations: reuse the customer with the same phone or email, else create one.
struct CustomerIntake {
    let service: CustomerService

    enum Outcome {
        case matched(Customer)
        case created(Customer)
    }

    func matchOrCreate(_ input: Customer.Input) async throws -> Outcome {
        try service.checkWritable(input)
        var changes = try service.validator(isCreate: true).validate(input)
        // A matched record is filled with `managed_by` too: it must name a guest user of this organization.
        try await service.checkManager(&changes, isCreate: true)
        let email = changes.email ?? nil
        let phone = changes.phone ?? nil
        guard email != nil || phone != nil else {
            throw Problem.validation([.init(field: "phone", message: "phone or email is required to match a customer"),
                                      .init(field: "email", message: "phone or email is required to match a customer")])
        }
        if let existing = try await match(phone: phone, email: email) {
            return .matched(try await fill(existing, from: changes))
        }
        do {
            return .created(try await service.create(input))
        } catch let problem as Problem where problem.status == .conflict {
            // Another request created the same person a moment ago: use that record.
            guard let existing = try await match(phone: phone, email: email) else { throw problem }
            return .matched(try await fill(existing, from: changes))
        }
    }

    /// Phone first (it identifies a person more reliably at a courier), then email.
    func match(phone: String?, email: String?) async throws -> Customer? {
        let database = service.database
        if let phone, let found = try await service.access.query(on: database).filter(\.$phone == phone).first() {
            return found
        }
        if let email, let found = try await service.access.query(on: database).filter(\.$email == email).first() {
            return found
        }
        return nil
    }

    /// Only the fields the existing record lacks are filled; nothing it holds is overwritten.
    func fill(_ customer: Customer, from changes: CustomerChanges) async throws -> Customer {
        var missing = CustomerChanges()
        for offer in Self.fillOffers(changes) where customer.lacks(offer.column) { offer.apply(&missing) }
        return try await service.write(missing, to: customer, strictVersion: false)
    }

    /// Whether `fill` would change a record, told from which of its columns it lacks (an import asks this of a
    /// stored row before it decodes the record).
    static func fillWouldChange(_ changes: CustomerChanges, lacks: (String) throws -> Bool) rethrows -> Bool {
        try fillOffers(changes).contains { try lacks($0.column) }
    }

    /// The values `changes` offers to fill: each with the column a record must lack for it to be taken, and how it is
    /// taken into the changes `fill` writes.
    private static func fillOffers(_ changes: CustomerChanges) -> [(column: String, apply: (inout CustomerChanges) -> Void)] {
        var offers: [(column: String, apply: (inout CustomerChanges) -> Void)] = []
        func text(_ column: String, _ value: String??, _ field: WritableKeyPath<CustomerChanges, String??>) {
            if case let .some(.some(text)) = value { offers.append((column, { $0[keyPath: field] = .some(text) })) }
        }
        text("first_name", changes.firstName, \.firstName)
        text("last_name", changes.lastName, \.lastName)
        text("company", changes.company, \.company)
        text("email", changes.email, \.email)
        text("phone", changes.phone, \.phone)
        text("birthday", changes.birthday, \.birthday)
        text("timezone", changes.timezone, \.timezone)
        text("best_time_to_call", changes.bestTimeToCall, \.bestTimeToCall)
        text("notes", changes.notes, \.notes)
        text("external_id", changes.externalID, \.externalID)
        if case let .some(.some(manager)) = changes.managedByID { offers.append(("managed_by_id", { $0.managedByID = .some(manager) })) }
        if let tags = changes.tags, !tags.isEmpty { offers.append(("tags", { $0.tags = tags })) }
        if let fields = changes.customFieldsJSON, fields != "{}" { offers.append(("custom_fields", { $0.customFieldsJSON = fields })) }
        return offers
    }
}
