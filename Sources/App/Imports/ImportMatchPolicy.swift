/// What an imported row does to the customer it matches: fill only its empty fields (default), overwrite
/// them with the file's values, or leave it alone.
enum ImportMatchPolicy: String, CaseIterable, Sendable {
    case fill, overwrite, skip
}
