// The values, validation and rules of `ClienteleCore` are part of every feature's vocabulary.
@_exported import ClienteleCore

/// Vapor has a `Validator` of its own; in this module the name means the core's.
typealias Validator = ClienteleCore.Validator
