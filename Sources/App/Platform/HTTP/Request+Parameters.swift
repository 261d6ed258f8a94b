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
