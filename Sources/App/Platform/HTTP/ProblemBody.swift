import Vapor

/// The JSON body of a problem response.
struct ProblemBody: Content {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let instance: String?
    let requestId: String?
    let errors: [Problem.FieldError]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors
        case requestId = "request_id"
    }

    init(_ problem: Problem, instance: String?, requestId: String?) {
        self.type = problem.type
        self.title = problem.title
        self.status = Int(problem.status.code)
        self.detail = problem.detail
        self.instance = instance
        self.requestId = requestId
        self.errors = problem.errors
    }
}
