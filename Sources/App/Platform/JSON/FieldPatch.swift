/// One field of a partial update: not sent, sent as `null` (clear it), or sent with a value.
enum FieldPatch<Value: Decodable & Sendable>: Decodable, Sendable {
    case absent
    case null
    case value(Value)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Value.self))
    }

    var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }

    /// The value when one was sent.
    var value: Value? {
        if case let .value(value) = self { return value }
        return nil
    }
}

extension KeyedDecodingContainer {
    func decode<Value>(_ type: FieldPatch<Value>.Type, forKey key: Key) throws -> FieldPatch<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}
