import Vapor

/// The query string of a list page: what it keeps in its links, and empty form values dropped before the
/// API's parameter readers see them (an empty select means "any").
enum WebQuery {
    static func values(of req: Request, keys: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for key in keys {
            if let value = req.query[String.self, at: key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                values[key] = value
            }
        }
        return values
    }

    static func dropEmpty(_ req: Request) {
        guard let query = req.url.query else { return }
        req.url.query = query.split(separator: "&").filter { !$0.hasSuffix("=") && $0.contains("=") }.joined(separator: "&")
    }
}
