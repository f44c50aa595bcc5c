import Foundation
import Quality
import Recommenders
import Training

/// What `marquee retrain` prints: one line per step, then the per-kind comparison table and
/// the decisions; with `--json`, the steps go to standard error and the outcome to standard
/// output as JSON.
struct RetrainPrinter: Sendable {
    let json: Bool

    /// A progress line: standard output for people, standard error when stdout carries JSON.
    func say(_ text: String) {
        if json { Output.progress(text) } else { Output.line(text) }
    }

    func event(_ event: RetrainEvent) {
        switch event {
        case .validating(let table):
            say("▶ validating \(table) against schemas/interaction.schema.json")
        case .validated(let report, let id):
            say(
                "  validation report \(id): \(report.verdict.rawValue) — \(report.summary) "
                    + "(\(report.inputRows) rows, \(report.rejectRows) rejected)")
        case .measuringDrift(let reference, let current, let basis):
            say("▶ measuring drift: \(basis)")
            say("  " + (reference.map { "reference \($0.label), " } ?? "") + "current \(current.label)")
        case .measuredDrift(let report, let id):
            say(
                "  drift report \(id) (\(report.mode.rawValue)): \(report.verdict.rawValue) — \(DataGate.summary(report))"
            )
        case .gate(let gate):
            let checks = gate.checks.map { check in
                "\(check.name) \(check.verdict?.rawValue ?? "missing")"
                    + (check.reportID.map { " (report \($0))" } ?? "")
            }
            say("▶ gate: \(checks.joined(separator: ", ")) → \(gate.blocking.isEmpty ? "open" : "closed")")
        case .training(let specification):
            say(
                "▶ training \(specification.kind) (\(Self.describe(specification))) with a leave-last-out evaluation first"
            )
        case .trained(_, let version, let seconds, let offline):
            let measured = offline.map { report in
                let figures = ["ndcg@20", "recall@20"].compactMap { name in
                    report.flatMetrics[name].map { "\(name) \(RetrainPrinter.figure($0))" }
                }
                return "; offline \(figures.joined(separator: ", ")) over \(report.evaluatedUsers) users"
            }
            say("  \(version) trained in \(String(format: "%.1f", seconds)) s\(measured ?? "")")
        case .comparing(let kind, let candidate, let incumbent):
            if let incumbent {
                say("▶ comparing \(candidate) with \(incumbent) on held-out interactions newer than its data")
            } else {
                say("▶ comparing \(candidate): no \(kind) model is promoted, nothing to beat")
            }
        case .decided(let kind):
            let retired = kind.retired.isEmpty ? "" : "; retired \(kind.retired.joined(separator: ", "))"
            say("  \(kind.decision.rawValue): \(kind.reason)\(retired)")
        case .reloading(let url):
            say("▶ reloading the server: POST \(url)")
        case .reloaded(let answer):
            say(
                answer.succeeded
                    ? "  \(answer.status ?? 0): \(answer.message)"
                    : "  reload failed (\(answer.status.map(String.init) ?? "no answer"): \(answer.message)); "
                        + "the promotion stands and the server's registry poll picks it up")
        }
    }

    /// The end of a cycle: the table and decisions (or the reason it stopped), or JSON.
    func finished(_ result: Result<RetrainOutcome, any Error>) {
        switch result {
        case .success(let outcome):
            if json {
                Output.line(Self.json(outcome))
            } else {
                Output.line(Self.table(outcome))
            }
        case .failure(let error as RetrainError):
            if json, let outcome = error.outcome { Output.line(Self.json(outcome)) }
            let text =
                error.code == .gateClosed
                ? "✗ \(error.message)\n  nothing was trained or promoted" : "✗ \(error.message)"
            if json { Output.progress(text) } else { Output.line(text) }
        case .failure(let error):
            Output.progress("✗ retrain cycle failed: \(error)")
        }
    }

    /// The per-kind comparison and the decision with its reason.
    static func table(_ outcome: RetrainOutcome) -> String {
        let metric = outcome.kinds.first?.comparison.metric ?? "metric"
        var lines = [
            "▶ retrain \(outcome.cycleID): candidates against the promoted models",
            "  "
                + [
                    "kind".padded(9), "candidate".padded(34), metric.padded(9), "incumbent".padded(34),
                    metric.padded(9),
                    "users".padded(6), "decision",
                ].joined(separator: " "),
        ]
        for kind in outcome.kinds {
            let comparison = kind.comparison
            lines.append(
                "  "
                    + [
                        kind.kind.padded(9), (kind.candidate ?? "(not trained)").padded(34),
                        (comparison.candidate.map(figure) ?? "-").padded(9),
                        (comparison.incumbentVersion ?? "(none)").padded(34),
                        (comparison.incumbent.map(figure) ?? "-").padded(9), String(comparison.holdoutUsers).padded(6),
                        kind.decision.rawValue,
                    ].joined(separator: " "))
        }
        for kind in outcome.kinds {
            switch kind.decision {
            case .promoted:
                let retired = kind.retired.isEmpty ? "" : ", retiring \(kind.retired.joined(separator: ", "))"
                lines.append("✔ promoted \(kind.candidate ?? "?")\(retired): \(kind.reason)")
            case .keptIncumbent:
                let candidate = kind.candidate.map { "; \($0) stays a candidate" } ?? ""
                lines.append(
                    "■ kept \(kind.comparison.incumbentVersion ?? "the promoted \(kind.kind) model")\(candidate): "
                        + kind.reason)
            }
        }
        if let reload = outcome.reload {
            lines.append(
                reload.succeeded ? "  server reloaded (\(reload.url))" : "  server not reloaded: \(reload.message)")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ outcome: RetrainOutcome) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(outcome)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func figure(_ value: Double) -> String { String(format: "%.4f", value) }

    static func describe(_ specification: ModelSpecification) -> String {
        switch specification {
        case .als(let configuration, _):
            "factors \(configuration.factors), iterations \(configuration.iterations), λ \(configuration.regularization)"
        case .popGenre(let configuration):
            "genre boost \(configuration.genreBoost), half-life "
                + (configuration.halfLifeDays.map { "\(String(format: "%g", $0)) days" } ?? "none")
        }
    }
}
