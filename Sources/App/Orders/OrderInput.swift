import Vapor

extension Order {
    struct Item: Codable, Sendable, Equatable {
        var name: String
        var quantity: Int
        var unitPrice: String

        enum CodingKeys: String, CodingKey {
            case name, quantity
            case unitPrice = "unit_price"
        }
    }

    struct Guest: Decodable, Sendable {
        var name: String?
        var email: String?
        var phone: String?
    }

    /// The body of order create and update.
    struct Input: Decodable, Sendable {
        var number: FieldPatch<String> = .absent
        var platform: FieldPatch<String> = .absent
        var receiptNumber: FieldPatch<String> = .absent
        var amount: FieldPatch<String> = .absent
        var currency: FieldPatch<String> = .absent
        var paymentMethod: FieldPatch<String> = .absent
        var paymentStatus: FieldPatch<String> = .absent
        var status: FieldPatch<String> = .absent
        var placedAt: FieldPatch<Date> = .absent
        var completedAt: FieldPatch<Date> = .absent
        var items: FieldPatch<[Item]> = .absent
        var customerID: FieldPatch<UUID> = .absent
        var guest: FieldPatch<Guest> = .absent
        var customer: FieldPatch<Customer.Input> = .absent

        enum CodingKeys: String, CodingKey {
            case number, platform, amount, currency, status, items, guest, customer
            case receiptNumber = "receipt_number", paymentMethod = "payment_method", paymentStatus = "payment_status"
            case placedAt = "placed_at", completedAt = "completed_at", customerID = "customer_id"
        }
    }
}
