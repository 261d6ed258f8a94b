import Foundation

/// The columns of a customer export, in order: those of `CustomerColumns` that say how they are exported. Import
/// reads the same headers back.
enum CustomerExportColumns {
    static let headers = CustomerColumns.exported.map { $0.export!.header }
    static let kinds = CustomerColumns.exported.map { $0.export!.kind }
}
