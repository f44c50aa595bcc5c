/// Runs compiled checks over an instance, collecting ``ValidationError``s or just noting the
/// first failure (for `anyOf` branches and ``JSONSchema/isValid(_:)``).
struct SchemaEvaluator {
    /// The document's nodes: the root at 0, then its `$defs` (targets of `$ref`).
    let nodes: [SchemaNode]

    /// Where failures go while evaluating.
    struct Sink {
        /// Whether to build errors (with messages) or only to note that something failed.
        let collecting: Bool
        /// Appended to messages from `then`/`else`, saying which condition made them apply.
        var condition: String?
        private(set) var errors: [ValidationError] = []
        private(set) var failed = false

        init(collecting: Bool) { self.collecting = collecting }

        /// Whether evaluation can stop: a failure is known and nobody wants the details.
        var isDone: Bool { failed && !collecting }

        mutating func report(
            _ path: InstancePath, _ node: SchemaNode, _ keyword: String, rule: String? = nil,
            _ message: @autoclosure () -> String
        ) {
            failed = true
            guard collecting else { return }
            var text = message()
            if let condition { text += " (\(condition))" }
            errors.append(
                ValidationError(
                    instancePath: path.pointer, keyword: keyword,
                    // The `false` schema is its own location; any other keyword sits below its node.
                    schemaPath: keyword == SchemaCheck.never.keyword ? node.path : node.path + "/" + keyword,
                    message: text, rule: rule ?? path.rule(keyword)))
        }

        mutating func absorb(_ other: Sink) {
            failed = failed || other.failed
            errors += other.errors
        }
    }

    func evaluate(_ node: SchemaNode, _ value: JSONValue, _ path: inout InstancePath, _ sink: inout Sink) {
        for check in node.checks {
            if sink.isDone { return }
            evaluate(check, of: node, value, &path, &sink)
        }
    }

    /// Whether `value` satisfies `node`, without building messages.
    func passes(_ node: SchemaNode, _ value: JSONValue, _ path: inout InstancePath) -> Bool {
        var sink = Sink(collecting: false)
        evaluate(node, value, &path, &sink)
        return !sink.failed
    }

    /// The errors `node` finds in `value`, with messages.
    func errors(_ node: SchemaNode, _ value: JSONValue, _ path: inout InstancePath, condition: String?) -> Sink {
        var sink = Sink(collecting: true)
        sink.condition = condition
        evaluate(node, value, &path, &sink)
        return sink
    }

    private func evaluate(
        _ check: SchemaCheck, of node: SchemaNode, _ value: JSONValue, _ path: inout InstancePath, _ sink: inout Sink
    ) {
        let keyword = check.keyword
        switch check {
        case .never:
            sink.report(path, node, keyword, "\(path.display) \(value.excerpt) is not allowed here")
        case .type(let names):
            let type = value.typeName
            let ok = names.contains(type) || (type == "integer" && names.contains("number"))
            if !ok { sink.report(path, node, keyword, Messages.type(path, value, names)) }
        case .enumeration(let options):
            if !options.contains(value) { sink.report(path, node, keyword, Messages.enumeration(path, value, options)) }
        case .constant(let expected):
            if value != expected {
                sink.report(path, node, keyword, "\(path.display) \(value.excerpt) is not \(expected.excerpt)")
            }
        case .bound(let bound):
            if value.isNumber, !bound.admits(value) {
                sink.report(path, node, keyword, Messages.bound(path, value, bound))
            }
        case .minLength(let limit):
            if case .string(let text) = value, text.unicodeScalars.count < limit {
                sink.report(path, node, keyword, Messages.length(path, value, text, limit, "minimum"))
            }
        case .maxLength(let limit):
            if case .string(let text) = value, text.unicodeScalars.count > limit {
                sink.report(path, node, keyword, Messages.length(path, value, text, limit, "maximum"))
            }
        case .pattern(let pattern):
            if case .string(let text) = value, !pattern.matches(text) {
                sink.report(path, node, keyword, Messages.pattern(path, value, pattern, node.description))
            }
        case .items(let itemNode):
            guard case .array(let elements) = value else { return }
            for (index, element) in elements.enumerated() {
                path.push(.index(index))
                evaluate(itemNode, element, &path, &sink)
                path.pop()
                if sink.isDone { return }
            }
        case .minItems(let limit):
            if let count = value.arrayValue?.count, count < limit {
                sink.report(
                    path, node, keyword, "\(path.display) has \(count) elements; at least \(limit) are required")
            }
        case .maxItems(let limit):
            if let count = value.arrayValue?.count, count > limit {
                sink.report(path, node, keyword, "\(path.display) has \(count) elements; at most \(limit) are allowed")
            }
        case .uniqueItems:
            if let elements = value.arrayValue, let (first, second) = Self.firstDuplicate(elements) {
                sink.report(
                    path, node, keyword,
                    "\(path.display) repeats \(elements[second].excerpt) (elements \(first) and \(second)); elements must be unique"
                )
            }
        case .properties, .additionalProperties, .required, .dependentRequired:
            evaluateObject(check, of: node, value, &path, &sink)
        case .allOf, .anyOf, .oneOf, .not, .conditional, .reference:
            evaluateApplicator(check, of: node, value, &path, &sink)
        }
    }

    private static func firstDuplicate(_ elements: [JSONValue]) -> (Int, Int)? {
        var seen: [JSONValue: Int] = [:]
        for (index, element) in elements.enumerated() {
            if let first = seen[element] { return (first, index) }
            seen[element] = index
        }
        return nil
    }
}
