import ClienteleCore
import Foundation
import Testing

/// The duplicate rules without a database: a table of pairs that must match (with their reasons) and of pairs that
/// must not.
@Suite struct DuplicateScorerTests {
    typealias P = DuplicateProfile

    struct Pair: CustomTestStringConvertible, Sendable {
        let a: P, b: P
        let reasons: [String]
        let label: String
        var testDescription: String { label }

        init(_ label: String, _ a: P, _ b: P, _ reasons: [String] = []) {
            (self.label, self.a, self.b, self.reasons) = (label, a, b, reasons)
        }
    }

    static func home(_ line1: String, _ postal: String?, _ city: String? = nil) -> P.Address {
        P.Address(line1: line1, postalCode: postal, city: city)
    }

    static let matching: [Pair] = [
        Pair("same name, phone written with another country code",
             P(name: "Anna Rossi", phone: "+393331234567"), P(name: "anna rossi", phone: "+13331234567"), ["same_name", "same_phone"]),
        Pair("accents, case and word order",
             P(name: "José Álvarez", email: "jose@example.com"), P(name: "ALVAREZ jose", email: "JOSE@example.com"),
             ["same_name", "same_email"]),
        Pair("family name first with a comma",
             P(name: "Smith, John", phone: "+14155552671"), P(name: "John Smith", phone: "+14155552671"), ["same_name", "same_phone"]),
        Pair("nickname Bob = Robert, gmail dots",
             P(name: "Bob Smith", email: "bob.smith@gmail.com"), P(name: "Robert Smith", email: "bobsmith@googlemail.com"),
             ["similar_name", "same_email"]),
        Pair("nickname Bill = William, gmail plus tag",
             P(name: "Bill Turner", email: "wturner+shop@gmail.com"), P(name: "William Turner", email: "w.turner@gmail.com"),
             ["similar_name", "same_email"]),
        Pair("Liz = Elizabeth, same address",
             P(name: "Liz Taylor", addresses: [home("12 Baker Street", "NW1 6XE")]),
             P(name: "Elizabeth Taylor", addresses: [home("12 baker st.", "nw16xe")]), ["similar_name", "same_address"]),
        Pair("Kate = Katherine, outlook plus tag",
             P(name: "Kate Moss", email: "kmoss+news@outlook.com"), P(name: "Katherine Moss", email: "KMoss@outlook.com"),
             ["similar_name", "same_email"]),
        Pair("Jim = James, same phone",
             P(name: "Jim Brown", phone: "+447911123456"), P(name: "James Brown", phone: "+447911123456"),
             ["similar_name", "same_phone"]),
        Pair("Mike = Michael, yahoo dash tag",
             P(name: "Mike Jordan", email: "mjordan-ebay@yahoo.com"), P(name: "Michael Jordan", email: "mjordan@yahoo.com"),
             ["similar_name", "same_email"]),
        Pair("Beppe = Giuseppe, same address by city",
             P(name: "Beppe Verdi", addresses: [home("Via Roma, 10", nil, "Milano")]),
             P(name: "Giuseppe Verdi", addresses: [home("via roma n. 10", nil, "milano")]), ["similar_name", "same_address"]),
        Pair("Alex = Alexander",
             P(name: "Alex Turner", phone: "+447700900123"), P(name: "Alexander Turner", phone: "+44 7700 900123"),
             ["similar_name", "same_phone"]),
        Pair("initial J. = John",
             P(name: "J. Smith", phone: "+14155552671"), P(name: "John Smith", phone: "+14155552671"), ["similar_name", "same_phone"]),
        Pair("initial after the family name",
             P(name: "Smith J", email: "js@example.org"), P(name: "John Smith", email: "js@example.org"), ["similar_name", "same_email"]),
        Pair("middle name left out",
             P(name: "John Paul Smith", email: "jps@example.org"), P(name: "John Smith", email: "jps@example.org"),
             ["similar_name", "same_email"]),
        Pair("same name, similar email local part at another provider",
             P(name: "Mario Bianchi", email: "mario.bianchi@gmail.com"), P(name: "Mario Bianchi", email: "mario_bianchi@libero.it"),
             ["same_name", "similar_email"]),
        Pair("title dropped",
             P(name: "Dr. Anna Rossi", phone: "+390212345678"), P(name: "Anna Rossi", phone: "+390212345678"), ["same_name", "same_phone"]),
        Pair("ø, ß and apostrophes",
             P(name: "Søren O'Brien-Straße", phone: "+4520123456"), P(name: "soren obrien strasse", phone: "+4520123456"),
             ["same_name", "same_phone"]),
        Pair("same everything", P(name: "Ann Lee", phone: "+14155550100", email: "ann@lee.io", addresses: [home("1 Main St", "94105")]),
             P(name: "Ann Lee", phone: "+14155550100", email: "ann@lee.io", addresses: [home("1 Main Street", "94105")]),
             ["same_name", "same_phone", "same_email", "same_address"]),
    ]

    static let notMatching: [Pair] = [
        Pair("same common name, different phone and email",
             P(name: "John Smith", phone: "+14155552671", email: "john@a.com"),
             P(name: "John Smith", phone: "+14155559999", email: "jsmith@b.com")),
        Pair("Rossi is not Rossini",
             P(name: "Anna Rossi", phone: "+393331234567"), P(name: "Anna Rossini", phone: "+393331234567")),
        Pair("siblings at the same address",
             P(name: "Marco Rossi", addresses: [home("Via Roma 10", "20121")]), P(name: "Luca Rossi", addresses: [home("Via Roma 10", "20121")])),
        Pair("a family's landline",
             P(name: "Mary Jones", phone: "+442079460958"), P(name: "Peter Jones", phone: "+442079460958")),
        Pair("same name and nothing else known", P(name: "Maria Garcia"), P(name: "Maria Garcia")),
        Pair("father and son",
             P(name: "John Smith Jr", addresses: [home("1 Elm St", "10001")]), P(name: "John Smith", addresses: [home("1 Elm St", "10001")])),
        Pair("first name only vs full name", P(name: "Anna", phone: "+393331234567"), P(name: "Anna Rossi", phone: "+393331234567")),
        Pair("different name, same mailbox", P(name: "Ann Lee", email: "a.lee@gmail.com"), P(name: "Bob Lee", email: "alee@gmail.com")),
        Pair("same street, another city", P(name: "Tom Hall", addresses: [home("1 High Street", nil, "Leeds")]),
             P(name: "Tom Hall", addresses: [home("1 High Street", nil, "York")])),
        Pair("same street, another postal code", P(name: "Tom Hall", addresses: [home("1 High Street", "LS1 1AA")]),
             P(name: "Tom Hall", addresses: [home("1 High Street", "YO1 7HH")])),
        Pair("phones differing in the last digits", P(name: "Ana Lima", phone: "+5511987654321"), P(name: "Ana Lima", phone: "+5511987654322")),
        Pair("initials only", P(name: "J. S.", phone: "+14155552671"), P(name: "John Smith", phone: "+14155552671")),
        Pair("another first name with the same initial and nothing shared", P(name: "J. Smith", phone: "+14155552671"),
             P(name: "Jane Smith", phone: "+14155550000")),
    ]

    @Test(arguments: matching) func pairsThatMatch(_ pair: Pair) {
        let verdict = DuplicateScorer.compare(pair.a, pair.b)
        #expect(verdict.isMatch)
        #expect(verdict.reasons == pair.reasons)
        #expect((1...100).contains(verdict.score))
        // The rule is symmetric.
        #expect(DuplicateScorer.compare(pair.b, pair.a) == verdict)
    }

    @Test(arguments: notMatching) func pairsThatDoNotMatch(_ pair: Pair) {
        #expect(!DuplicateScorer.compare(pair.a, pair.b).isMatch)
        #expect(!DuplicateScorer.compare(pair.b, pair.a).isMatch)
    }

    @Test func moreEvidenceScoresHigherAndDisagreementLower() {
        let base = P(name: "Anna Rossi", phone: "+393331234567", email: "anna@rossi.it")
        let phoneOnly = DuplicateScorer.compare(base, P(name: "Anna Rossi", phone: "+393331234567"))
        let phoneAndEmail = DuplicateScorer.compare(base, P(name: "Anna Rossi", phone: "+393331234567", email: "ANNA@rossi.it"))
        let otherEmail = DuplicateScorer.compare(base, P(name: "Anna Rossi", phone: "+393331234567", email: "a@b.it"))
        let nickname = DuplicateScorer.compare(P(name: "Bob Smith", phone: "+14155552671"), P(name: "Robert Smith", phone: "+14155552671"))
        let same = DuplicateScorer.compare(P(name: "Robert Smith", phone: "+14155552671"), P(name: "Robert Smith", phone: "+14155552671"))
        #expect(phoneAndEmail.score == 100)
        #expect(phoneOnly.score == 80)
        #expect(otherEmail.score < phoneOnly.score && otherEmail.isMatch)
        #expect(nickname.score < same.score)
    }
}
