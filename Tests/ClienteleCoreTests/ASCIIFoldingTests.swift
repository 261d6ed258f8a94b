import ClienteleCore
import Foundation
import Testing

/// `asciiLowercased` stands in for Foundation's folding of ASCII text; it must give exactly Foundation's answer.
@Suite struct ASCIIFoldingTests {
    static let options: [String.CompareOptions] = [
        [.caseInsensitive], [.caseInsensitive, .diacriticInsensitive],
        [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
    ]

    @Test func everyASCIICharacterFoldsAsFoundationFoldsIt() {
        for value in 0..<128 {
            let text = String(UnicodeScalar(UInt8(value)))
            for options in Self.options {
                #expect(text.asciiLowercased == text.folding(options: options, locale: nil).lowercased(), "\(value)")
            }
        }
    }

    @Test func randomASCIITextFoldsAsFoundationFoldsIt() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let text = String(decoding: (0..<length).map { _ in UInt8.random(in: 0..<128, using: &generator) }, as: UTF8.self)
            for options in Self.options {
                #expect(text.foldedLowercase(options) == text.folding(options: options, locale: nil).lowercased(), "\(text.debugDescription)")
            }
        }
    }

    @Test func textBeyondASCIIGoesToFoundation() {
        #expect("Zoë".asciiLowercased == nil)
        #expect("Zoë".foldedLowercase([.caseInsensitive, .diacriticInsensitive]) == "zoe")
        #expect("ＡＢＣ Ünal".foldedLowercase([.caseInsensitive, .diacriticInsensitive, .widthInsensitive]) == "abc unal")
        #expect("Zoë".foldedLowercase([.caseInsensitive]) == "zoë")
        #expect(Substring("JOHN Smith").asciiLowercased == "john smith")
    }
}
