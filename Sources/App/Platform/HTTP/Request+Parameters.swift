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
    func queryValues() -> @Sendable (String) -> String? {
        if let values = try? query.decode([String: String].self) { return { values[$0] } }
        return { [self] in query[String.self, at: $0] }
    }
}
