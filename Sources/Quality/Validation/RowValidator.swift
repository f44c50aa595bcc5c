import Foundation

/// What `marquee validate` found in a table or snapshot: rows in, clean and rejected, the
/// reject rate against its limit, and the rejects by rule with examples.
public struct ValidationReport: Sendable, Hashable, Codable {
    /// Rejects of one rule (`rating/maximum`, `movie_id/pattern`, `json/parse`, ...).
    public struct RuleRejects: Sendable, Hashable, Codable {
        /// One rejected row: an excerpt of it and what was wrong.
        public struct Example: Sendable, Hashable, Codable {
            public var row: String
            public var message: String
        }

        public var rule: String
        /// Rows failing this rule (a row failing several rules counts under each).
        public var count: Int
        public var examples: [Example]
    }

    public var target: String
    public var schema: String
    public var inputRows: Int
    public var cleanRows: Int
    public var rejectRows: Int
    public var rejectRate: Double
    public var maxRejectRate: Double
    /// block when the reject rate is above the limit, warn when some rows are rejected, else pass.
    public var verdict: DriftReport.Verdict
    /// The verdict's reason in one line.
    public var summary: String
    /// Most frequent rule first.
    public var rejectsByRule: [RuleRejects]

    enum CodingKeys: String, CodingKey {
        case target, schema, inputRows = "input_rows", cleanRows = "clean_rows", rejectRows = "reject_rows"
        case rejectRate = "reject_rate", maxRejectRate = "max_reject_rate", verdict, summary
        case rejectsByRule = "rejects_by_rule"
    }
}

/// Validates rows (JSON text) one at a time against a schema and builds a ``ValidationReport``
/// in constant memory (only counts and a few examples per rule are kept).
public struct RowValidator: Sendable {
    public let schema: JSONSchema
    /// Examples kept per rule. Default 3.
    public var examplesPerRule: Int

    private(set) var input = 0
    private(set) var rejected = 0
    private var counts: [String: Int] = [:]
    private var examples: [String: [ValidationReport.RuleRejects.Example]] = [:]

    public init(schema: JSONSchema, examplesPerRule: Int = 3) {
        self.schema = schema
        self.examplesPerRule = examplesPerRule
    }

    /// Validates one row; returns whether it is clean.
    @discardableResult
    public mutating func add(row text: String) -> Bool {
        input += 1
        let errors: [ValidationError]
        do {
            errors = schema.validate(try JSONValue(parsing: text))
        } catch {
            errors = [
                ValidationError(
                    instancePath: "", keyword: "json", schemaPath: "", message: "the row is not JSON: \(error)",
                    rule: "json/parse")
            ]
        }
        guard !errors.isEmpty else { return true }
        rejected += 1
        for rule in Set(errors.map(\.rule)) {
            counts[rule, default: 0] += 1
            if examples[rule, default: []].count < examplesPerRule, let error = errors.first(where: { $0.rule == rule })
            {
                examples[rule, default: []].append(.init(row: String(text.prefix(300)), message: error.message))
            }
        }
        return false
    }

    /// The report for `target`, with `maxRejectRate` as the block limit.
    public func report(target: String, maxRejectRate: Double) -> ValidationReport {
        let rate = input > 0 ? Double(rejected) / Double(input) : 0
        let verdict: DriftReport.Verdict = rate > maxRejectRate + 1e-12 ? .block : rejected > 0 ? .warn : .pass
        let top = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }
        let rateText = String(format: "%.4f", rate)
        let summary: String
        switch verdict {
        case .block:
            summary =
                "reject rate \(rateText) > \(maxRejectRate) (\(rejected) of \(input) rows; most: \(top?.key ?? "?"))"
        case .warn: summary = "reject rate \(rateText) ≤ \(maxRejectRate) (\(rejected) of \(input) rows)"
        case .pass: summary = "all \(input) rows valid"
        }
        let rules = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
            ValidationReport.RuleRejects(rule: $0.key, count: $0.value, examples: examples[$0.key] ?? [])
        }
        return ValidationReport(
            target: target, schema: schema.name, inputRows: input, cleanRows: input - rejected, rejectRows: rejected,
            rejectRate: rate, maxRejectRate: maxRejectRate, verdict: verdict, summary: summary, rejectsByRule: rules)
    }
}
