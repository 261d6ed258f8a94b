import Vapor

extension GiftCard {
    /// The card as the API shows it. `code` is there only in the answer that issued it; afterwards `code_last4`.
    struct Public: Content {
        let id: UUID
        @NullEncoded var code: String?
        let codeLast4: String
        let initialBalance: String
        let balance: String
        let currency: String
        let status: String
        @NullEncoded var customerID: UUID?
        @NullEncoded var expiresOn: String?
        @NullEncoded var note: String?
        @NullEncoded var disabledAt: Date?
        let createdAt: Date
        let updatedAt: Date
        var history: [GiftCardTransaction.Public]?

        enum CodingKeys: String, CodingKey {
            case id, code, balance, currency, status, note, history
            case codeLast4 = "code_last4", initialBalance = "initial_balance", customerID = "customer_id"
            case expiresOn = "expires_on", disabledAt = "disabled_at", createdAt = "created_at", updatedAt = "updated_at"
        }
    }

    func asPublic(today: CalendarDate, code: String? = nil, history: [GiftCardTransaction.Public]? = nil) -> Public {
        Public(id: id!, code: code, codeLast4: codeLast4, initialBalance: Money.decimalString(minorUnits: initialMinor),
               balance: Money.decimalString(minorUnits: balanceMinor), currency: currency, status: status(today: today).rawValue,
               customerID: customerID, expiresOn: expiresOn, note: note, disabledAt: disabledAt, createdAt: createdAt,
               updatedAt: updatedAt, history: history)
    }

    /// `POST /gift-cards`: `{"initial_balance": "50.00", "customer_id"?, "expires_on"?, "note"?}`.
    struct Input: Content {
        var initialBalance: String?
        var customerID: UUID?
        var expiresOn: String?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case note
            case initialBalance = "initial_balance", customerID = "customer_id", expiresOn = "expires_on"
        }
    }

    /// `POST /gift-cards/{id}/redemptions`: `{"amount", "order_id"?}`.
    struct RedemptionInput: Content {
        var amount: String?
        var orderID: UUID?

        enum CodingKeys: String, CodingKey {
            case amount
            case orderID = "order_id"
        }
    }

    /// `POST /gift-cards/lookup`: `{"code"}`.
    struct LookupInput: Content {
        var code: String?
    }
}
