@testable import App
import Testing
import Vapor

/// `Request.queryValues()` parses the query string once; every name must read exactly as Vapor's own
/// `query[String.self, at:]` reads it, whatever the query holds.
@Suite struct QueryValuesTests {
    @Test(arguments: [
        "q=ann&sort=-name&per_page=20",
        "q=a+b%2Bc&status=",
        "status=active&status=blocked",
        "flag&q=x",
        "filters[status]=blocked&q=y",
        "q=%C3%A9l%C3%A8ne&city=Saint-%C3%89tienne",
        "",
    ])
    func everyNameReadsAsVaporReadsIt(_ query: String) async throws {
        let app = try await Application.make(.testing)
        let request = Request(application: app, method: .GET, url: URI(string: "/api/v1/customers?\(query)"),
                              on: app.eventLoopGroup.next())
        let values = request.queryValues()
        for name in ["q", "sort", "per_page", "status", "flag", "filters", "city", "missing"] {
            #expect(values(name) == request.query[String.self, at: name], "\(name) in \(query)")
        }
        try await app.asyncShutdown()
    }
}
