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
        let changes = try service.validator(isCreate: true).validate(input)
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
        func lacking(_ current: String?, _ new: String??) -> String?? {
            current == nil ? new.flatMap { $0.map { .some($0) } } : nil
        }
        missing.firstName = lacking(customer.firstName, changes.firstName)
        missing.lastName = lacking(customer.lastName, changes.lastName)
        missing.company = lacking(customer.company, changes.company)
        missing.email = lacking(customer.email, changes.email)
        missing.phone = lacking(customer.phone, changes.phone)
        missing.birthday = lacking(customer.birthday, changes.birthday)
        missing.timezone = lacking(customer.timezone, changes.timezone)
        missing.bestTimeToCall = lacking(customer.bestTimeToCall, changes.bestTimeToCall)
        missing.notes = lacking(customer.notes, changes.notes)
        missing.externalID = lacking(customer.externalID, changes.externalID)
        if customer.managedByID == nil, case let .some(.some(manager)) = changes.managedByID { missing.managedByID = .some(manager) }
        if customer.tagsJSON == "[]", let tags = changes.tags, !tags.isEmpty { missing.tags = tags }
        if customer.customFieldsJSON == "{}", let fields = changes.customFieldsJSON, fields != "{}" { missing.customFieldsJSON = fields }
        return try await service.write(missing, to: customer, strictVersion: false)
    }
}
