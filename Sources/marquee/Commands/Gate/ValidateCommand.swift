import ArgumentParser
import Foundation
import Ingest
import Quality
import Store
import Training

/// `marquee validate`: checks a table (or a JSON-lines snapshot) against its schema.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a table or a JSON-lines snapshot against its schema; exit 2 above --max-reject-rate.",
        discussion: """
            Verdict: pass (no rejects), warn (rejects within the limit), block (reject rate above the limit).
            Table reports are stored in validation_reports; the newest report of `interactions` gates
            `train` and `promote`. Exit codes: 0 pass or warn, 2 block, 3 could not validate.
            """)

    @Option(help: "Table: \(ValidatedTable.allCases.map(\.rawValue).joined(separator: ", ")).")
    var table: String = "interactions"
    @Option(help: "Validate a JSON-lines snapshot file instead of a table (with --schema).") var file: String?
    @Option(help: "Schema name for --file (e.g. interaction, movie).") var schema: String?
    @Option(help: "Reject rate above which the verdict is block.") var maxRejectRate: Double = 0.01
    @Option(help: "Examples kept per rule.") var examples = 3
    @Option(help: "Write the report as JSON to this file.") var report: String?
    @OptionGroup var schemaOptions: SchemaOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        guard (0...1).contains(maxRejectRate) else { throw ValidationError("--max-reject-rate must be in 0...1") }
        if file != nil, schema == nil { throw ValidationError("--file needs --schema (e.g. --schema interaction)") }
        if file == nil, ValidatedTable(rawValue: table) == nil {
            throw ValidationError(
                "--table \(table) is not one of \(ValidatedTable.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        try await GateExit.run {
            let logger = log.makeLogger()
            let schemas = try schemaOptions.load()
            let result: ValidationReport
            if let file, let schema {
                var validator = RowValidator(schema: try schemas.schema(named: schema), examplesPerRule: examples)
                let reader = try LineReader(path: file)
                while try reader.readLine({ validator.add(row: String(decoding: $0, as: UTF8.self)) }) != nil {}
                result = validator.report(target: "file:\(file)", maxRejectRate: maxRejectRate)
            } else {
                let table = ValidatedTable(rawValue: table)!
                result = try await Store.withStore(try database.configuration(), logger: logger) { store in
                    try await store.migrate()
                    return try await Self.validate(
                        table, in: store, schema: try schemas.schema(named: table.schema), maxRejectRate: maxRejectRate,
                        examples: examples)
                }
            }
            Output.line(Self.describe(result))
            if let path = report { try Data(try Self.json(result).utf8).write(to: URL(fileURLWithPath: path)) }
            return result.verdict == .block ? ExitCode(2) : .success
        }
    }

    /// Validates every row of `table` and stores the report (the gate reads it); the core is
    /// ``DataGate/validate(_:in:schema:maxRejectRate:examples:)``, shared with `retrain`.
    static func validate(
        _ table: ValidatedTable, in store: Store, schema: JSONSchema, maxRejectRate: Double, examples: Int = 3
    ) async throws -> ValidationReport {
        try await DataGate.validate(
            table, in: store, schema: schema, maxRejectRate: maxRejectRate, examples: examples
        ).report
    }

    static func json(_ report: ValidationReport) throws -> String { try DataGate.json(report) }

    static func describe(_ report: ValidationReport) -> String {
        var lines = [
            "\(report.target) against \(report.schema): \(report.inputRows) rows, \(report.cleanRows) clean, "
                + "\(report.rejectRows) rejected",
            "verdict \(report.verdict.rawValue): \(report.summary)",
        ]
        for rule in report.rejectsByRule {
            lines.append("  \(rule.rule.padded(28)) \(rule.count)")
            for example in rule.examples { lines.append("      \(example.message)   \(example.row.prefix(120))") }
        }
        return lines.joined(separator: "\n")
    }
}
