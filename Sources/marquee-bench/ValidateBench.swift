import Foundation
import Quality

/// The options of `marquee-bench validate`.
struct ValidateBenchOptions {
    var schema = "interaction"
    var schemas = "schemas"
    var file: String?
    var repeats = 3
    /// Also report the counts of the first `prefix` rows (the peer may validate only those).
    var prefix: Int?

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { fail("\(flag) needs a value") }
            func count() -> Int {
                guard let parsed = Int(value), parsed >= 0 else { fail("\(flag) takes a count, not \(value)") }
                return parsed
            }
            switch flag {
            case "--schema": schema = value
            case "--schemas": schemas = value
            case "--file": file = value
            case "--repeats": repeats = max(1, count())
            case "--prefix": prefix = count()
            default: fail("unknown option \(flag)")
            }
        }
        guard file != nil else { fail("validate needs --file F (JSON lines)") }
    }
}

/// Counts of one pass over the rows.
struct ValidateCounts {
    var report: ValidationReport
    /// Clean and rejected rows among the first `prefix` rows, when asked for.
    var prefix: (rows: Int, valid: Int, invalid: Int)?
}

/// Validates every line of `data` with a fresh ``RowValidator``, exactly as `marquee validate
/// --file` does per row (the line decoded to a `String`, then `add(row:)`: JSON parsing and
/// every error collected); lines are found with `memchr`, as `LineReader` does.
func validateAll(_ data: Data, schema: JSONSchema, prefix: Int?) -> ValidateCounts {
    var validator = RowValidator(schema: schema)
    var rows = 0
    var valid = 0
    var prefixCounts: (rows: Int, valid: Int, invalid: Int)?
    data.withUnsafeBytes { (all: UnsafeRawBufferPointer) in
        var start = 0
        let end = all.count
        while start < end {
            if rows == prefix { prefixCounts = (rows, valid, rows - valid) }
            let rest = UnsafeRawBufferPointer(rebasing: all[start...])
            let newline = memchr(rest.baseAddress!, 10, rest.count)
            let length = newline.map { rest.baseAddress!.distance(to: UnsafeRawPointer($0)) } ?? rest.count
            let line = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
            if validator.add(row: String(decoding: line, as: UTF8.self)) { valid += 1 }
            rows += 1
            start += length + 1
        }
    }
    if let prefix, prefix >= rows { prefixCounts = (rows, valid, rows - valid) }
    return ValidateCounts(report: validator.report(target: "bench", maxRejectRate: 1), prefix: prefixCounts)
}

/// `marquee-bench validate --schema NAME --file F [--repeats N] [--prefix N] [--schemas DIR]`:
/// rows/s of `RowValidator` over the JSON-lines file F (read into memory first, untimed), the
/// median of `repeats` passes on one thread, as one JSON line with the valid/invalid counts,
/// the rejects by rule and the process's peak RSS.
func runValidate(_ arguments: [String]) {
    let options = ValidateBenchOptions(arguments)
    let schema: JSONSchema
    do {
        schema = try SchemaSet(directory: URL(fileURLWithPath: options.schemas)).schema(named: options.schema)
    } catch { fail("\(error)") }
    guard let data = FileManager.default.contents(atPath: options.file!) else { fail("cannot read \(options.file!)") }
    var times: [Double] = []
    var counts: ValidateCounts?
    let clock = ContinuousClock()
    for _ in 0..<options.repeats {
        let start = clock.now
        counts = validateAll(data, schema: schema, prefix: options.prefix)
        times.append(seconds(start.duration(to: clock.now)))
    }
    let report = counts!.report
    let rules = report.rejectsByRule.map { "\"\($0.rule)\": \($0.count)" }.joined(separator: ", ")
    var fields: [(String, String)] = [
        ("side", "\"marquee\""), ("schema", "\"\(schema.name)\""), ("rows", "\(report.inputRows)"),
        ("valid", "\(report.cleanRows)"), ("invalid", "\(report.rejectRows)"),
        ("seconds", "[\(times.map { String($0) }.joined(separator: ", "))]"),
        ("rows_per_second", "\(Double(report.inputRows) / median(times))"),
        ("peak_rss_bytes", "\(peakResidentBytes())"), ("by_rule", "{\(rules)}"),
    ]
    if let prefix = counts!.prefix {
        fields.append(
            ("prefix", #"{"rows": \#(prefix.rows), "valid": \#(prefix.valid), "invalid": \#(prefix.invalid)}"#))
    }
    print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
}
