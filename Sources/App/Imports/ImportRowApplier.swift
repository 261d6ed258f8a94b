import Foundation

/// Applies one imported row through the customer service, so that it obeys every rule of a customer created or
/// changed over the API: validation, uniqueness, guest-order linking and a timeline entry (source `import`).
struct ImportRowApplier {
    enum Outcome {
        case created, updated, unchanged
        case rejected([ImportRejection])
    }

    let service: CustomerService
    let policy: ImportMatchPolicy

    func apply(_ row: ImportRow) async throws -> Outcome {
        guard let input = row.input else { return .rejected(row.rejections) }
        do {
            let changes = try service.validator(isCreate: true).validate(input)
            _ = try row.address?.validated(organizationID: service.tenant.organizationID, customerID: UUID(),
                                           defaultCountry: service.organization.defaultCountry)
            guard let existing = try await ImportMatcher(service: service).match(ImportIdentity(changes))?.customer else {
                let customer = try await service.create(input)
                _ = try await row.address?.add(to: customer, service: service)
                return .created
            }
            return try await update(existing, with: changes, address: row.address)
        } catch let problem as Problem where (400..<500).contains(problem.status.code) {
            return .rejected(ImportRejection.from(problem, row: row.number))
        }
    }

    /// A matched customer, changed as the match policy says; the row's address goes into an empty address book.
    func update(_ existing: Customer, with changes: CustomerChanges, address: ImportedAddress? = nil) async throws -> Outcome {
        let before = existing.version
        let after: Customer
        switch policy {
        case .skip:
            return .unchanged
        case .fill:
            after = try await CustomerIntake(service: service).fill(existing, from: changes)
        case .overwrite:
            var changes = changes
            // The file's custom fields (another system's history) join the record's own instead of replacing them.
            if let imported = changes.customFieldsJSON {
                let merged = CustomerRules.decodeCustomFields(existing.customFieldsJSON)
                    .merging(CustomerRules.decodeCustomFields(imported)) { _, new in new }
                if merged.count <= CustomerRules.maxCustomFields { changes.customFieldsJSON = CustomerRules.encodeCustomFields(merged) }
            }
            after = try await service.write(changes, to: existing, strictVersion: false)
        }
        let addedAddress = try await address?.add(to: after, service: service) ?? false
        return after.version == before && !addedAddress ? .unchanged : .updated
    }
}
