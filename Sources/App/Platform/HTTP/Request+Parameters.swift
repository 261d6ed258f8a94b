import Vapor

extension Request {
    /// A UUID path parameter; anything else is a 400 naming the parameter.
    func uuidParameter(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else {
            throw Problem.badRequest("\(name) must be a UUID", field: name)
        }
        return id
    }
}

extension Request {
    /// The query string's values by name, parsed once. `query[String.self, at:]` parses the whole query string on each
    /// call, and a customer list asks for some thirty names: 8 % of a list request's CPU. The values are Vapor's own
    /// decoding of the same string (a name given twice reads as its last value, as before); a query that is not a flat
    /// set of names (a name without `=`, `a[b]=`) is read name by name as before. `QueryValuesTests` compares both.
    /// The parsed values are kept with the request for the query string they came from, so that every reader of the
    /// request (the list's page, its filters) shares one parse.
    func queryValues() -> @Sendable (String) -> String? {
        let raw = url.query ?? ""
        if let parsed = storage[ParsedQueryKey.self], parsed.raw == raw { return parsed.lookUp }
        let lookUp: @Sendable (String) -> String?
        if let values = try? query.decode([String: String].self) {
            lookUp = { values[$0] }
        } else {
            lookUp = { [self] in query[String.self, at: $0] }
        }
        storage[ParsedQueryKey.self] = ParsedQuery(raw: raw, lookUp: lookUp)
        return lookUp
    }
}

/// A request's query string as `queryValues()` parsed it.
private struct ParsedQuery: Sendable {
    let raw: String
    let lookUp: @Sendable (String) -> String?
}

private enum ParsedQueryKey: StorageKey {
    typealias Value = ParsedQuery
}
