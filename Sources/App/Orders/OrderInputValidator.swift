import Foundation

/// Checks an order body and writes its own fields into the record (the customer is resolved separately).
struct OrderInputValidator {
    let organization: Organization
    let isCreate: Bool

    func apply(_ input: Order.Input, to order: Order, _ v: inout Validator) {
        switch input.number {
        case let .value(number):
            if OrderRules.isNumber(number) { order.number = number }
            else { v.add("number", "must be exactly 10 upper-case letters and digits") }
        case .null: v.add("number", "must not be null")
        case .absent: if isCreate { order.number = OrderRules.generateNumber() }
        }
        switch input.platform {
        case let .value(raw):
            let platform = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if CustomerRules.isChannelName(platform) { order.platform = platform }
            else { v.add("platform", "must be a channel name like web, pos, app or a marketplace's name") }
        case .null: v.add("platform", "must not be null")
        case .absent: if isCreate { order.platform = "web" }
        }
        switch input.amount {
        case let .value(raw):
            if let minor = OrderRules.minorUnits(raw) { order.amountMinor = minor }
            else { v.add("amount", "must be a decimal string of at most 10 digits and two decimals, like \"24.50\"") }
        case .null: v.add("amount", "must not be null")
        case .absent: if isCreate { v.add("amount", "is required") }
        }
        switch input.currency {
        case let .value(raw):
            let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
            if CurrencyCode.isValid(code) { order.currency = code } else { v.add("currency", "must be an ISO 4217 currency code") }
        case .null: v.add("currency", "must not be null")
        case .absent: if isCreate { order.currency = organization.currency }
        }
        optional(input.receiptNumber, "receipt_number", max: 100, &v) { order.receiptNumber = $0 }
        optional(input.paymentMethod, "payment_method", max: 50, &v) { order.paymentMethod = $0 }
        if let status: PaymentStatus = enumValue(input.paymentStatus, "payment_status", &v) { order.paymentStatus = status.rawValue }
        else if isCreate, order.$paymentStatus.value == nil { order.paymentStatus = PaymentStatus.pending.rawValue }
        if let status: OrderStatus = enumValue(input.status, "status", &v) { order.status = status.rawValue }
        else if isCreate, order.$status.value == nil { order.status = OrderStatus.placed.rawValue }
        switch input.placedAt {
        case let .value(date): order.placedAt = date
        case .null: v.add("placed_at", "must not be null")
        case .absent: if isCreate { order.placedAt = Date() }
        }
        switch input.completedAt {
        case let .value(date): order.completedAt = date
        case .null: order.completedAt = nil
        case .absent: if order.status == OrderStatus.completed.rawValue && order.completedAt == nil { order.completedAt = Date() }
        }
        switch input.items {
        case let .value(items):
            for (index, item) in items.enumerated() {
                if item.name.trimmingCharacters(in: .whitespaces).isEmpty || item.name.count > 200 {
                    v.add("items[\(index)].name", "must be 1 to 200 characters")
                }
                if !(1...100_000).contains(item.quantity) { v.add("items[\(index)].quantity", "must be between 1 and 100000") }
                if OrderRules.minorUnits(item.unitPrice) == nil { v.add("items[\(index)].unit_price", "must be a decimal string") }
            }
            if items.count > 500 { v.add("items", "must hold at most 500 items") }
            order.itemsJSON = OrderRules.encodeItems(items)
        case .null: order.itemsJSON = "[]"
        case .absent: if isCreate { order.itemsJSON = "[]" }
        }
    }

    private func optional(_ field: FieldPatch<String>, _ name: String, max: Int, _ v: inout Validator, _ set: (String?) -> Void) {
        switch field {
        case .absent: break
        case .null: set(nil)
        case let .value(raw):
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { set(nil) } else if let text = v.text(trimmed, name, max: max) { set(text) }
        }
    }

    private func enumValue<E: RawRepresentable & CaseIterable>(_ field: FieldPatch<String>, _ name: String, _ v: inout Validator) -> E?
    where E.RawValue == String {
        switch field {
        case .absent: return nil
        case .null: v.add(name, "must not be null"); return nil
        case let .value(raw): return v.oneOf(raw, name, allowed: Array(E.allCases))
        }
    }
}
