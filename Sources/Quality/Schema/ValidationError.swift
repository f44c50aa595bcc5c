/// One way an instance breaks a schema, with enough to find it and to explain it.
public struct ValidationError: Hashable, Sendable {
    /// Where in the instance, as a JSON Pointer: `""` for the whole record, `/rating`, `/items/3`.
    public var instancePath: String
    /// The keyword that failed (`maximum`, `pattern`, `required`, ...).
    public var keyword: String
    /// Where in the schema, as a JSON Pointer to the keyword: `/properties/rating/maximum`.
    public var schemaPath: String
    /// What was wrong, in an operator's words: `rating 7 is above the maximum 5`.
    public var message: String
    /// A stable name for grouping rejects in reports: the member's key path without array
    /// indices, `/`, then the keyword, e.g. `rating/maximum`, `movie_id/pattern`,
    /// `items/pattern`, `user_id/required` (the missing member), `anyOf` at the root.
    public var rule: String

    /// Creates an error.
    public init(instancePath: String, keyword: String, schemaPath: String, message: String, rule: String) {
        self.instancePath = instancePath
        self.keyword = keyword
        self.schemaPath = schemaPath
        self.message = message
        self.rule = rule
    }
}

extension ValidationError: CustomStringConvertible {
    public var description: String { "\(rule): \(message)" }
}
