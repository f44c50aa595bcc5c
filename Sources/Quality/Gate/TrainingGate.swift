import Foundation

/// A check's verdict on the data: pass, warn (train, but look), or block (do not train or promote).
public enum GateVerdict: String, Sendable, Hashable, Codable, Comparable {
    case pass, warn, block

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    private var rank: Int {
        switch self {
        case .pass: 0
        case .warn: 1
        case .block: 2
        }
    }
}

/// The latest verdict of one check (validation or drift) for the data an action would use.
public struct GateCheck: Sendable, Hashable {
    /// `validation` or `drift`.
    public var name: String
    /// Nil when the check never ran on this data.
    public var verdict: GateVerdict?
    public var reportID: Int64?
    /// What the verdict rests on ("reject rate 0.12 > 0.05", "top10_share_delta = 0.12 > 0.08").
    public var detail: String

    public init(name: String, verdict: GateVerdict?, reportID: Int64?, detail: String) {
        self.name = name
        self.verdict = verdict
        self.reportID = reportID
        self.detail = detail
    }
}

/// The gate in front of `train` and `promote`: closed while any check's latest verdict is
/// block, unless an operator overrides it with a reason (which the manifest records).
/// A check that never ran does not close the gate; it is recorded as missing.
public struct TrainingGate: Sendable, Hashable {
    public var checks: [GateCheck]

    public init(checks: [GateCheck]) { self.checks = checks }

    /// The checks whose verdict is block.
    public var blocking: [GateCheck] { checks.filter { $0.verdict == .block } }

    /// Lets `action` ("train", "promote") through, or throws an error that names every
    /// blocking metric and the override. With `overrideReason`, a closed gate lets it through;
    /// the reason must say something.
    public func enforce(_ action: String, overrideReason: String?) throws(GateError) {
        if let overrideReason, overrideReason.trimmingCharacters(in: .whitespaces).isEmpty {
            throw GateError(
                "--override-gate needs --reason \"why this data is fine\"; the reason goes into the manifest")
        }
        guard !blocking.isEmpty, overrideReason == nil else { return }
        let causes = blocking.map { check in
            "\(check.name) report \(check.reportID.map(String.init) ?? "?") blocks: \(check.detail)"
        }
        throw GateError(
            "\(action) refused: \(causes.joined(separator: "; ")). Fix the data and rerun `marquee validate` / "
                + "`marquee drift`, or pass --override-gate --reason \"...\" (recorded in the manifest).")
    }
}

/// The gate refused an action; the message names the failing check, metric and the override.
public struct GateError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
