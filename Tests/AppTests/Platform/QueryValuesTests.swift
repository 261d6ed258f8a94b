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

    /// The parse is kept with the request for its query string: a second reader gets the same values, and a request
    /// whose query string changed is parsed again, never answered from the old one.
    @Test func theParseIsKeptForItsQueryStringOnly() async throws {
        let app = try await Application.make(.testing)
        let request = Request(application: app, method: .GET, url: URI(string: "/api/v1/customers?q=ann&page=2"),
                              on: app.eventLoopGroup.next())
        #expect(request.queryValues()("page") == "2")
        #expect(request.queryValues()("q") == "ann")
        request.url = URI(string: "/api/v1/customers?q=bob")
        #expect(request.queryValues()("q") == "bob")
        #expect(request.queryValues()("page") == nil)
        try await app.asyncShutdown()
    }
}
