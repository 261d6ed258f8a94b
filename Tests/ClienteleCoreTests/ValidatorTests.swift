@testable import ClienteleCore
import Foundation
import Testing

/// The core builds and tests alone, without Vapor, Fluent or NIO: its validation has its own error type.
@Suite struct ValidatorTests {
    @Test func collectsEveryFieldErrorAndRefusesControlCharacters() {
        var validator = Validator()
        #expect(validator.text("  Ann  ", "name", required: true) == "Ann")
        #expect(validator.text("A\u{0}B", "company") == nil)
        #expect(validator.email("not an email", "email") == nil)
        #expect(validator.text(nil, "last_name", required: true) == nil)
        let failure = try? #require(validator.failure)
        #expect(failure?.errors.map(\.field) == ["company", "email", "last_name"])
        #expect(failure?.errors.first?.message == "must not contain control characters")
        #expect(Validator().failure == nil)
    }

    @Test func idsHaveACanonicalLowerCaseForm() throws {
        let id = try #require(UUID(hexString: "0190A3B4-C5D6-7E8F-9A0B-1C2D3E4F5A6B"))
        #expect(id.canonicalString == "0190a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b")
        #expect(id.hexString == id.uuidString)
        #expect(UUID(hexString: id.canonicalString) == id)
    }
}
