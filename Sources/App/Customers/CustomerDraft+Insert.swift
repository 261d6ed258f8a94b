import Foundation
import SQLiteNIO

extension CustomerDraft {
    /// The row that inserts this customer created at `date`: the columns and values of `Customer.insertRow(at:)` for
    /// the same record (tested), its values typed for SQLite when `forSQLite` (no conversion left for the writer).
    func insertRow(at date: Date, forSQLite: Bool) throws -> RowInsert {
        guard forSQLite else { return record().insertRow(at: date) }
        func text(_ value: String?) -> SQLiteData { value.map(SQLiteData.text) ?? .null }
        func flag(_ value: Bool) -> SQLiteData { .integer(value ? 1 : 0) }
        let stamp = try SQLRows.sqliteData(date)
        return RowInsert(into: Customer.schema, columns: Self.columns, sqliteValues: [
            .text(id.hexString), .text(organizationID.hexString), .text(name), .text(nameKey), .text(searchName),
            text(uniqueNameKey), text(firstName), text(lastName), text(company),
            text(email), text(phone), text(birthday), text(timezone),
            .text(preferredLanguage), .text(preferredContactMethod),
            text(bestTimeToCall), text(notes), .text(tagsJSON), .text(customFieldsJSON),
            text(externalID), .text(source), .text(status),
            flag(emailOptIn), try SQLRows.sqliteData(emailOptInAt), text(emailOptInSource),
            flag(smsOptIn), try SQLRows.sqliteData(smsOptInAt), text(smsOptInSource),
            flag(namesValidated), managedByID.map { .text($0.hexString) } ?? .null, .integer(0),
            .integer(0), .integer(0), .integer(0),
            .null, .null, .integer(1), stamp, stamp,
        ])
    }

    /// The columns of `insertRow`: those of `Customer.insertRow(at:)`, in its order.
    static let columns = CustomerDraft(organizationID: UUID(), source: "").record().insertRow(at: Date()).columns

    /// The same customer as a stored record's model (for a database other than SQLite, and for the test that holds
    /// the two rows equal).
    func record() -> Customer {
        let customer = Customer(organizationID: organizationID, source: source)
        customer.id = id
        customer.name = name
        customer.nameKey = nameKey
        customer.searchName = searchName
        customer.uniqueNameKey = uniqueNameKey
        customer.firstName = firstName
        customer.lastName = lastName
        customer.company = company
        customer.email = email
        customer.phone = phone
        customer.birthday = birthday
        customer.timezone = timezone
        customer.preferredLanguage = preferredLanguage
        customer.preferredContactMethod = preferredContactMethod
        customer.bestTimeToCall = bestTimeToCall
        customer.notes = notes
        customer.tagsJSON = tagsJSON
        customer.customFieldsJSON = customFieldsJSON
        customer.externalID = externalID
        customer.status = status
        customer.emailOptIn = emailOptIn
        customer.emailOptInAt = emailOptInAt
        customer.emailOptInSource = emailOptInSource
        customer.smsOptIn = smsOptIn
        customer.smsOptInAt = smsOptInAt
        customer.smsOptInSource = smsOptInSource
        customer.namesValidated = namesValidated
        customer.managedByID = managedByID
        return customer
    }
}
