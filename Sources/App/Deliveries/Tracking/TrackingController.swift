import Vapor

/// `GET /track/{code}`: the public page a customer's tracking link opens.
struct TrackingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("track", ":code", use: show)
    }

    func show(req: Request) async throws -> Response {
        guard let view = try await TrackingView.load(code: req.parameters.get("code") ?? "", on: req.database) else {
            return TrackingPage.notFound()
        }
        return TrackingPage.render(view)
    }
}
