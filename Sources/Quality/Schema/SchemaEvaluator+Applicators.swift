extension SchemaEvaluator {
    /// `properties`, `additionalProperties`, `required`, `dependentRequired` (objects only).
    func evaluateObject(
        _ check: SchemaCheck, of node: SchemaNode, _ value: JSONValue, _ path: inout InstancePath, _ sink: inout Sink
    ) {
        guard case .object(let members) = value else { return }
        let keyword = check.keyword
        switch check {
        case .properties(let properties):
            for (name, propertyNode) in properties {
                guard let member = members[name] else { continue }
                path.push(.key(name))
                evaluate(propertyNode, member, &path, &sink)
                path.pop()
                if sink.isDone { return }
            }
        case .additionalProperties(let known, let extraNode):
            // Sorted (only when there are extra members) so errors come in a stable order.
            let extra = members.keys.filter { !known.contains($0) }
            for name in extra.sorted() {
                guard let member = members[name] else { continue }
                if extraNode.checks.count == 1, case .never = extraNode.checks[0] {
                    sink.report(
                        path, node, keyword, rule: path.rule(keyword, member: name),
                        "\(path.display) has a member \"\(name)\" that the schema does not allow")
                } else {
                    path.push(.key(name))
                    evaluate(extraNode, member, &path, &sink)
                    path.pop()
                }
                if sink.isDone { return }
            }
        case .required(let names):
            for name in names where members[name] == nil {
                sink.report(
                    path, node, keyword, rule: path.rule(keyword, member: name),
                    "\(path.display) has no \"\(name)\", which is required")
                if sink.isDone { return }
            }
        case .dependentRequired(let dependencies):
            for (property, requires) in dependencies where members[property] != nil {
                for name in requires where members[name] == nil {
                    sink.report(
                        path, node, keyword, rule: path.rule(keyword, member: name),
                        "\(path.display) has \"\(property)\" but no \"\(name)\", which must come with it")
                    if sink.isDone { return }
                }
            }
        default:
            return
        }
    }

    /// `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `$ref`.
    func evaluateApplicator(
        _ check: SchemaCheck, of node: SchemaNode, _ value: JSONValue, _ path: inout InstancePath, _ sink: inout Sink
    ) {
        let keyword = check.keyword
        switch check {
        case .allOf(let nodes):
            for subschema in nodes {
                evaluate(subschema, value, &path, &sink)
                if sink.isDone { return }
            }
        case .anyOf(let nodes):
            if nodes.contains(where: { passes($0, value, &path) }) { return }
            sink.report(path, node, keyword, Messages.noAlternative(path, alternatives(nodes, value, &path)))
        case .oneOf(let nodes):
            let matching = nodes.indices.filter { passes(nodes[$0], value, &path) }
            if matching.count == 1 { return }
            if matching.isEmpty {
                sink.report(path, node, keyword, Messages.noAlternative(path, alternatives(nodes, value, &path)))
            } else {
                let list = matching.map { String($0 + 1) }.joined(separator: ", ")
                sink.report(
                    path, node, keyword, "\(path.display) matches alternatives \(list) but must match exactly one")
            }
        case .not(let negated):
            if passes(negated, value, &path) {
                let what = negated.description.map { ": \($0)" } ?? " at \(negated.path)"
                sink.report(path, node, keyword, "\(path.display) \(value.excerpt) must not match the schema\(what)")
            }
        case .conditional(let condition, let then, let otherwise):
            let holds = passes(condition, value, &path)
            guard let branch = holds ? then : otherwise else { return }
            let reason = condition.description.map { holds ? "applies when \($0)" : "applies unless \($0)" }
            if sink.collecting {
                sink.absorb(errors(branch, value, &path, condition: reason ?? sink.condition))
            } else {
                var inner = Sink(collecting: false)
                evaluate(branch, value, &path, &inner)
                sink.absorb(inner)
            }
        case .reference(let index):
            evaluate(nodes[index], value, &path, &sink)
        default:
            return
        }
    }

    /// Each alternative's first complaint, for a message that says why none matched.
    private func alternatives(_ nodes: [SchemaNode], _ value: JSONValue, _ path: inout InstancePath) -> [String] {
        nodes.map { alternative in
            let sink = errors(alternative, value, &path, condition: nil)
            return sink.errors.first?.message ?? "fails"
        }
    }
}
