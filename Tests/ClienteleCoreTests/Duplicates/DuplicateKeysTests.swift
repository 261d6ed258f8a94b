import ClienteleCore
import Foundation
import Testing

/// The blocking keys: records that must be compared share at least one, so that look-ups find them.
@Suite struct DuplicateKeysTests {
    @Test func emailsAreCanonicalOnlyWhereTheProviderIgnoresTheDifference() {
        #expect(ContactKeys.email("John.Smith+news@GoogleMail.com") == "johnsmith@gmail.com")
        #expect(ContactKeys.email("j.s+x@hotmail.it") == "j.s@hotmail.it")
        #expect(ContactKeys.email("js+x@outlook.com") == "js@outlook.com")
        #expect(ContactKeys.email("js+x@live.co.uk") == "js@live.co.uk")
        #expect(ContactKeys.email("js-shop@yahoo.co.uk") == "js@yahoo.co.uk")
        #expect(ContactKeys.email("j.s+x@example.com") == "j.s+x@example.com")
        #expect(ContactKeys.email("Li.Wei@Example.com") != ContactKeys.email("liwei@example.com"))
        #expect(ContactKeys.email("+only@gmail.com") == "+only@gmail.com")
        #expect(ContactKeys.email("not an email") == nil)
        #expect(ContactKeys.emailLocal("Mario.Rossi+shop@gmail.com") == "mariorossi")
        #expect(ContactKeys.emailLocal("ab@x.it") == nil)
    }

    @Test func phonesCompareByTheirNationalNumber() {
        #expect(ContactKeys.nationalNumber("+393331234567") == "3331234567")
        #expect(ContactKeys.nationalNumber("+14155552671") == "4155552671")
        #expect(ContactKeys.nationalNumber("+442079460958") == "2079460958")
        #expect(ContactKeys.nationalNumber("+8613800138000") == "13800138000")
        #expect(ContactKeys.phone("+393331234567") == ContactKeys.phone("+13331234567"))
        #expect(ContactKeys.phone("+442079460958") == ContactKeys.phone("+4402079460958"))
        #expect(ContactKeys.phone("+14155552671") == "155552671")
        #expect(ContactKeys.phone("+1 (415) 555-2671") == "155552671")
        #expect(ContactKeys.phone("+3912") == nil)
        #expect(ContactKeys.phone(nil) == nil)
    }

    @Test func addressesCompareByStreetLineAndPostalCodeOrCity() {
        #expect(ContactKeys.address(line1: "12 Baker Street", postalCode: "nw1 6xe", city: "London")
            == ContactKeys.address(line1: "12, baker st.", postalCode: "NW16XE", city: nil))
        #expect(ContactKeys.address(line1: "Via Roma n. 10", postalCode: nil, city: "Milano") == "via roma 10|milano")
        #expect(ContactKeys.address(line1: "Piazza Duomo 1", postalCode: "20121", city: "Milano") == "pza duomo 1|20121")
        #expect(ContactKeys.address(line1: "1 Main St", postalCode: nil, city: nil) == nil)
        #expect(ContactKeys.address(line1: "  ", postalCode: "10001", city: nil) == nil)
    }

    @Test func nameKeysFoldCaseAccentsOrderTitlesAndNicknames() {
        let keys = ["Bob Smith", "smith robert", "Dr. Robert  Smith", "SMITH, Bobby", "Róbert Smith"].map { DuplicateKeys(name: $0, phone: nil, email: nil).name }
        #expect(Set(keys) == ["robert smith"])
        #expect(DuplicateKeys(name: "Giuseppe Verdi", phone: nil, email: nil).name == DuplicateKeys(name: "Beppe Verdi", phone: nil, email: nil).name)
        #expect(DuplicateKeys(name: "Anna Rossi", phone: nil, email: nil).name != DuplicateKeys(name: "Anna Rossini", phone: nil, email: nil).name)
    }

    @Test func initialKeysJoinInitialsAndFullNames() {
        let initial = { DuplicateKeys(name: $0, phone: nil, email: nil).nameInitial }
        #expect(initial("J. Smith") == "smith j")
        #expect(initial("John Smith") == "smith j")
        #expect(initial("Smith J.") == "smith j")
        #expect(initial("Smith, John") == "smith j")
        #expect(initial("John Paul Smith") == "smith j")
        #expect(initial("Jim Smith") == "smith j")
        #expect(initial("Madonna") == nil)
        #expect(DuplicateKeys(name: "John Smith", phone: nil, email: "john.smith@gmail.com").nameAndEmailLocal == "smith j|johnsmith")
    }

    @Test func nameLookupsReachInitialsAndMissingMiddleNames() {
        #expect(DuplicateKeys.nameLookups("John Smith") == ["john smith", "j smith"])
        #expect(DuplicateKeys.nameLookups("John Paul Smith") == ["john paul smith", "j paul smith", "john smith"])
        #expect(DuplicateKeys.nameLookups("J. Smith") == ["j smith"])
        #expect(DuplicateKeys.hasInitial("J. Smith") && !DuplicateKeys.hasInitial("John Smith"))
        // Every matching pair of the scorer's table whose names differ shares a key a look-up finds.
        let pairs: [(String, String)] = [("J. Smith", "John Smith"), ("John Paul Smith", "John Smith"), ("Bob Smith", "Robert Smith"),
                                         ("Smith J", "John Smith")]
        for (a, b) in pairs {
            let ka = DuplicateKeys(name: a, phone: nil, email: nil), kb = DuplicateKeys(name: b, phone: nil, email: nil)
            let found = DuplicateKeys.nameLookups(a).contains(kb.name!) || DuplicateKeys.nameLookups(b).contains(ka.name!)
                || ka.nameInitial == kb.nameInitial
            #expect(found, "\(a) / \(b)")
        }
    }
}
