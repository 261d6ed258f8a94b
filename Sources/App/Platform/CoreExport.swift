// The values, validation and rules of `ClienteleCore`, and the storage engine of `ClienteleStore` (database setup,
// the write gate, row helpers, the tenant scope, the migrations), are part of every feature's vocabulary.
@_exported import ClienteleCore
@_exported import ClienteleStore

/// Vapor has a `Validator` of its own; in this module the name means the core's.
typealias Validator = ClienteleCore.Validator
