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
            guard let existing = try await ImportMatcher(service: service).match(ImportIdentity(changes))?.customer else {
                _ = try await service.create(input)
                return .created
            }
            return try await update(existing, with: changes)
        } catch let problem as Problem where (400..<500).contains(problem.status.code) {
            return .rejected(ImportRejection.from(problem, row: row.number))
        }
    }

    /// A matched customer, changed as the match policy says.
    func update(_ existing: Customer, with changes: CustomerChanges) async throws -> Outcome {
        let before = existing.version
        switch policy {
        case .skip:
            return .unchanged
        case .fill:
            let after = try await CustomerIntake(service: service).fill(existing, from: changes)
            return after.version == before ? .unchanged : .updated
        case .overwrite:
            let after = try await service.write(changes, to: existing, strictVersion: false)
            return after.version == before ? .unchanged : .updated
        }
    }
}
