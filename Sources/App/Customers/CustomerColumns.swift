import Foundation

/// Every stored column of a customer, once. Row decoding, inserts (a record's and an import draft's), updates, the
/// public JSON, exports, import headers and intake's fill rule all read this table; adding a field is a line here, its
/// property on `Customer` and `CustomerDraft`, its validation, and a migration. Exported columns stand in the
/// order of the export's columns.
enum CustomerColumns {
    static let all: [CustomerColumn] = [
        .id(\.$id, draft: \.id, json: "id"),
        .sequence(\.$seq),
        .field("organization_id", "uuid", \.$organizationID, draft: .property(\.organizationID), json: "organization_id"),
        .field("name", "string", \.$name, draft: .property(\.name), json: "name", changedBy: "name", inherited: true,
               export: ("name", .text), importField: .name,
               importHeaders: ["full name", "customer", "customer name", "contact name", "display name"]),
        .field("name_key", "string", \.$nameKey, draft: .property(\.nameKey), changedBy: "name"),
        .field("search_name", "string", \.$searchName, draft: .property(\.searchName), changedBy: "name"),
        .optional("unique_name_key", "string", \.$uniqueNameKey, draft: .property(\.uniqueNameKey), changedBy: "name"),
        .optional("first_name", "string", \.$firstName, draft: .property(\.firstName), json: "first_name", changedBy: "first_name",
                  fillable: true, inherited: true, export: ("first_name", .text), importField: .firstName,
                  importHeaders: ["first name", "given name", "forename", "firstname"]),
        .optional("last_name", "string", \.$lastName, draft: .property(\.lastName), json: "last_name", changedBy: "last_name",
                  fillable: true, inherited: true, export: ("last_name", .text), importField: .lastName,
                  importHeaders: ["last name", "surname", "family name", "lastname"]),
        .optional("email", "string", \.$email, draft: .property(\.email), json: "email", changedBy: "email", fillable: true,
                  export: ("email", .text), importField: .email,
                  importHeaders: ["e-mail", "email address", "e-mail address", "mail"]),
        .optional("phone", "string", \.$phone, draft: .property(\.phone), json: "phone", changedBy: "phone", fillable: true,
                  inherited: true, export: ("phone", .text), importField: .phone,
                  importHeaders: ["mobile", "phone number", "mobile phone", "mobile number", "telephone", "tel", "cell", "cell phone"]),
        .optional("company", "string", \.$company, draft: .property(\.company), json: "company", changedBy: "company",
                  fillable: true, export: ("company", .text), importField: .company,
                  importHeaders: ["organization", "organisation", "business", "company name"]),
        .field("tags", "string", \.$tagsJSON, draft: .property(\.tagsJSON), json: "tags", style: .rawJSON, changedBy: "tags",
               fillable: true, export: ("tags", .text), exportText: { CustomerRules.decodeTags($0).joined(separator: ", ") },
               importField: .tags, importHeaders: ["tag", "labels"], emptyText: "[]"),
        .field("status", "string", \.$status, draft: .property(\.status), json: "status", changedBy: "status",
               export: ("status", .text), importField: .status),
        .timestamp("created_at", \.$createdAt, json: "created_at", export: ("created_at", .text)),
        .field("loyalty_points", "int", \.$loyaltyPoints, draft: .constant(0), json: "loyalty_points",
               export: ("loyalty_points", .number)),
        // Whether the customer has a ledger entry (statistics' `loyalty_members`); set by the ledger, never from a body.
        .field("loyalty_member", "bool", \.$loyaltyMember, draft: .constant(false)),
        .field("visits", "int", \.$visits, draft: .constant(0), json: "visits", export: ("visits", .number)),
        .field("total_orders", "int", \.$totalOrders, draft: .constant(0), json: "total_orders", export: ("total_orders", .number)),
        .field("total_spent_minor", "int64", \.$totalSpentMinor, draft: .constant(0), json: "total_spent", style: .money,
               export: ("total_spent", .number), exportText: { Money.decimalString(minorUnits: $0) }),
        .optional("last_order_at", "datetime", \.$lastOrderAt, draft: .constant(nil), json: "last_order_at",
                  export: ("last_order_at", .text)),
        .field("email_opt_in", "bool", \.$emailOptIn, draft: .property(\.emailOptIn), json: "marketing.email_opt_in",
               changedBy: "marketing.email_opt_in", export: ("email_opt_in", .text), importField: .emailOptIn,
               importHeaders: ["email opt in", "email marketing"]),
        .field("sms_opt_in", "bool", \.$smsOptIn, draft: .property(\.smsOptIn), json: "marketing.sms_opt_in",
               changedBy: "marketing.sms_opt_in", export: ("sms_opt_in", .text), importField: .smsOptIn,
               importHeaders: ["sms opt in", "sms marketing"]),
        .optional("birthday", "string", \.$birthday, draft: .property(\.birthday), json: "birthday", changedBy: "birthday",
                  fillable: true, inherited: true, importField: .birthday, importHeaders: ["date of birth", "birth date", "dob"]),
        .optional("timezone", "string", \.$timezone, draft: .property(\.timezone), json: "timezone", changedBy: "timezone",
                  fillable: true, inherited: true),
        .field("preferred_language", "string", \.$preferredLanguage, draft: .property(\.preferredLanguage),
               json: "preferred_language", changedBy: "preferred_language", inherited: true),
        .field("preferred_contact_method", "string", \.$preferredContactMethod, draft: .property(\.preferredContactMethod),
               json: "preferred_contact_method", changedBy: "preferred_contact_method"),
        .optional("best_time_to_call", "string", \.$bestTimeToCall, draft: .property(\.bestTimeToCall), json: "best_time_to_call",
                  changedBy: "best_time_to_call", fillable: true),
        .optional("notes", "string", \.$notes, draft: .property(\.notes), json: "notes", changedBy: "notes", fillable: true,
                  importField: .notes, importHeaders: ["note", "comments", "comment"]),
        .field("custom_fields", "string", \.$customFieldsJSON, draft: .property(\.customFieldsJSON), json: "custom_fields",
               style: .rawJSON, changedBy: "custom_fields", fillable: true, emptyText: "{}"),
        .optional("external_id", "string", \.$externalID, draft: .property(\.externalID), json: "external_id",
                  changedBy: "external_id", fillable: true, importField: .externalID, importHeaders: ["external id"]),
        .field("source", "string", \.$source, draft: .property(\.source), json: "source"),
        .optional("email_opt_in_at", "datetime", \.$emailOptInAt, draft: .property(\.emailOptInAt),
                  json: "marketing.email_opt_in_at", changedBy: "marketing.email_opt_in"),
        .optional("email_opt_in_source", "string", \.$emailOptInSource, draft: .property(\.emailOptInSource),
                  json: "marketing.email_opt_in_source", changedBy: "marketing.email_opt_in"),
        .optional("sms_opt_in_at", "datetime", \.$smsOptInAt, draft: .property(\.smsOptInAt),
                  json: "marketing.sms_opt_in_at", changedBy: "marketing.sms_opt_in"),
        .optional("sms_opt_in_source", "string", \.$smsOptInSource, draft: .property(\.smsOptInSource),
                  json: "marketing.sms_opt_in_source", changedBy: "marketing.sms_opt_in"),
        .field("names_validated", "bool", \.$namesValidated, draft: .property(\.namesValidated), json: "names_validated",
               changedBy: "names_validated"),
        .optional("managed_by_id", "uuid", \.$managedByID, draft: .property(\.managedByID), json: "managed_by",
                  changedBy: "managed_by", fillable: true),
        .optional("first_order_at", "datetime", \.$firstOrderAt, draft: .constant(nil), json: "first_order_at"),
        .optional("account_id", "uuid", \.$accountID, draft: .constant(nil), changedBy: "account"),
        .accountLink("account_linked_at", \.$accountLinkedAt, json: "account"),
        .field("overridden_fields", "string", \.$overriddenFieldsJSON, draft: .constant("[]"), json: "overridden_fields",
               style: .rawJSON, changedBy: "overridden_fields", emptyText: "[]"),
        .field("account_conflicts", "string", \.$accountConflictsJSON, draft: .constant("[]"), json: "account_conflicts",
               style: .rawJSON, changedBy: "account_conflicts", emptyText: "[]"),
        // Possible-duplicate keys: written with name, phone or email (`duplicateKeySources`), never shown.
        .optional("dup_name_key", "string", \.$dupNameKey, draft: .property(\.dupNameKey)),
        .optional("dup_name_initial_key", "string", \.$dupNameInitialKey, draft: .property(\.dupNameInitialKey)),
        .optional("dup_phone_key", "string", \.$dupPhoneKey, draft: .property(\.dupPhoneKey)),
        .optional("dup_email_key", "string", \.$dupEmailKey, draft: .property(\.dupEmailKey)),
        .optional("dup_email_local_key", "string", \.$dupEmailLocalKey, draft: .property(\.dupEmailLocalKey)),
        .field("version", "int", \.$version, draft: .constant(1), json: "version"),
        .timestamp("updated_at", \.$updatedAt, json: "updated_at"),
    ]

    /// The columns an insert writes, in the order of its values.
    static let inserted = all.filter(\.inserted)
    static let insertedNames = inserted.map(\.name)

    static let byName: [String: CustomerColumn] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The columns behind each field name a change reports (`CustomerChanges.Applied.fields`).
    static let columnsOfField: [String: [String]] = Dictionary(grouping: all.filter { $0.changedBy != nil }, by: { $0.changedBy! })
        .mapValues { $0.map(\.name) }

    /// The fields whose change rewrites the possible-duplicate keys, and those keys' columns.
    static let duplicateKeySources: Set<String> = ["name", "phone", "email"]
    static let duplicateKeyColumns = ["dup_name_key", "dup_name_initial_key", "dup_phone_key", "dup_email_key", "dup_email_local_key"]

    /// The columns of a customer export, in order.
    static let exported = all.filter { $0.export != nil }
}
