import Vapor

/// `GET /client/tasks`: the client's tasks with their live status, filtered by status and type as through the API.
struct ClientTasksWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("tasks", use: list)
    }

    func list(req: Request) async throws -> Response {
        let context = try req.clientPortal
        let time = ClientPortalWebRoutes.time(context)
        let query = WebQuery.values(of: req, keys: ClientTasksPage.keys)
        WebQuery.dropEmpty(req)
        do {
            let tasks = try await ClientPortalWebRoutes.reader(req).tasks(try PageRequest(from: req), filters: try TaskFilters(from: req))
            return PortalLayout.response(ClientTasksPage.page(tasks, query: query, problem: nil, time: time), context: context)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            return PortalLayout.response(ClientTasksPage.page(nil, query: query, problem: problem.detail, time: time), context: context,
                                         status: problem.status)
        }
    }
}
