import Foundation

// Ids are written in RFC 9562's canonical form, lower case, in every JSON body — Foundation's `UUID` encodes itself
// in upper case. These overloads are more specific than the containers' generic `encode`, so every `Encodable` of
// this module, written by hand or synthesized, takes them for a `UUID` (ids are read in either case).

extension KeyedEncodingContainer {
    mutating func encode(_ value: UUID, forKey key: Key) throws {
        try encode(value.canonicalString, forKey: key)
    }

    mutating func encodeIfPresent(_ value: UUID?, forKey key: Key) throws {
        try encodeIfPresent(value?.canonicalString, forKey: key)
    }

    mutating func encode(_ value: UUID?, forKey key: Key) throws {
        if let value { try encode(value.canonicalString, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func encode(_ value: [UUID], forKey key: Key) throws {
        try encode(value.map(\.canonicalString), forKey: key)
    }
}

extension SingleValueEncodingContainer {
    mutating func encode(_ value: UUID) throws {
        try encode(value.canonicalString)
    }
}

extension UnkeyedEncodingContainer {
    mutating func encode(_ value: UUID) throws {
        try encode(value.canonicalString)
    }
}
