import Vapor

extension Customer {
    /// The customer as the API shows it. Every documented key is present; absent values are `null`.
    struct Public: Content {
        var customer: Customer
        var includeNotes: Bool
        var defaultAddress: Address?
        /// What an agent sees of a customer it delivers to: name, phone, address and notes.
        var deliveryViewOnly: Bool
        /// The existing customers who look like the same person, on the answer of a create or an update only.
        var possibleDuplicates: [PossibleDuplicate]?

        init(_ customer: Customer, includeNotes: Bool = true, defaultAddress: Address? = nil, deliveryViewOnly: Bool = false) {
            self.customer = customer
            self.includeNotes = includeNotes
            self.defaultAddress = defaultAddress
            self.deliveryViewOnly = deliveryViewOnly
        }

        init(from decoder: any Decoder) throws {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Customer.Public is output only"))
        }

        /// The same document as the JSON writer's (`write(to:)`), which is the only one that knows its keys: read back
        /// as a JSON tree, for a document encoded by `Encodable` that embeds a customer.
        func encode(to encoder: any Encoder) throws {
            var json = JSONWriter()
            write(to: &json)
            try JSONDecoder().decode(JSONValue.self, from: Data(json.bytes)).encode(to: encoder)
        }
    }
}
