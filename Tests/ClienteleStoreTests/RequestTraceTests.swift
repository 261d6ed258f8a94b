@testable import ClienteleStore
import Testing

/// A request id reaches SQL comments and `application_name` only when `RequestTrace.isPlain` passes it: 1–128 ASCII
/// letters, digits and `-_.:`, nothing else.
@Suite struct RequestTraceTests {
    @Test(arguments: ["a", "abc-123", "trace-4711", "0b1e7c2a-9d3f-4e55-8a61-2f0c9b7d1e42", "svc:job_7.retry-2",
                      String(repeating: "x", count: 128)])
    func plainIDsPass(_ id: String) {
        #expect(RequestTrace.isPlain(id))
    }

    @Test(arguments: ["", String(repeating: "x", count: 129), "bad id", "a*/b", "a'b", "é", "١٢٣", "ǅ", "a\u{7}", "a/b",
                      "a\nb", "ａ"])
    func anythingElseFails(_ id: String) {
        #expect(!RequestTrace.isPlain(id))
    }
}
