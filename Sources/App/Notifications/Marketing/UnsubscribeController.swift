import Vapor

/// `GET /unsubscribe/{token}`: a page with one button; `POST /unsubscribe/{token}`: the opt-out itself — the button,
/// or a mail client's one-click POST (`List-Unsubscribe=One-Click`, RFC 8058). A GET changes nothing, so that link
/// scanners that open every link in a message do not unsubscribe anyone.
struct UnsubscribeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("unsubscribe", ":token", use: page)
        routes.post("unsubscribe", ":token", use: unsubscribe)
    }

    func page(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let subject = try await Unsubscribe(database: req.database).subject(of: token) else { return notFound() }
        return UnsubscribePage.confirm(organization: subject.organizationName, action: "/unsubscribe/\(token)")
    }

    func unsubscribe(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let unsubscribe = Unsubscribe(database: req.database)
        guard let subject = try await unsubscribe.subject(of: token) else { return notFound() }
        try await unsubscribe.optOut(subject)
        return UnsubscribePage.done(organization: subject.organizationName)
    }

    private func notFound() -> Response {
        UnsubscribePage.response(status: .notFound, title: "Link not found",
                                 message: "This unsubscribe link is not valid. It may have been copied incompletely.")
    }
}
