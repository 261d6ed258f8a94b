import Foundation
import SQLiteNIO

extension CustomerDraft {
    /// The row that inserts this customer created at `date`: the columns and values of `Customer.insertRow(at:)` for
    /// the same record (tested), its values typed for SQLite when `forSQLite` (no conversion left for the writer).
    func insertRow(at date: Date, forSQLite: Bool) throws -> RowInsert {
        guard forSQLite else { return record().insertRow(at: date) }
        let stamp = try SQLRows.sqliteData(date)
        return RowInsert(into: Customer.schema, columns: CustomerColumns.insertedNames,
                         sqliteValues: CustomerColumns.inserted.map { $0.draftValue(self, stamp) })
    }

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
