import Foundation
import HTTPTypes
import Logging
import Store

/// A `/recommend` answer as it goes out. The route and ``RecommendFastPath`` both make it
/// with ``ServingComponents/answer(userID:state:arrived:)``, so the two paths cannot differ.
struct RecommendAnswer {
    /// The list and its provenance.
    let recommendation: Recommendation
    let requestID: String

    /// The comma-separated movie ids, best first.
    var body: String { recommendation.line }

    /// The answer's header fields in order: content type, the provenance headers
    /// (``ServingHeaders``), and the fallback reason when there is one.
    var fields: HTTPFields {
        var fields: HTTPFields = [.contentType: Self.contentType]
        for field in provenance { fields.append(field) }
        return fields
    }

    /// The provenance fields alone, in the order both paths write them.
    var provenance: [HTTPField] { variantProvenance + answerProvenance }

    /// Variant, model, data, code and experiment: the same for every answer of one variant.
    var variantProvenance: [HTTPField] {
        let answer = recommendation
        return [
            HTTPField(name: ServingHeaders.variant, value: answer.variant),
            HTTPField(name: ServingHeaders.model, value: answer.model.version),
            HTTPField(name: ServingHeaders.data, value: answer.model.dataID),
            HTTPField(name: ServingHeaders.code, value: answer.model.codeVersion),
            HTTPField(name: ServingHeaders.experiment, value: answer.experimentID),
        ]
    }

    /// Basis, request id and, when there is one, the fallback reason: this answer's own.
    var answerProvenance: [HTTPField] {
        var fields: [HTTPField] = []
        forEachAnswerField { fields.append(HTTPField(name: $0, value: $1)) }
        return fields
    }

    /// Calls `body` with each field of ``answerProvenance`` in order, without making the array
    /// (``RecommendFastPath`` writes them straight into the answer's bytes).
    func forEachAnswerField(_ body: (HTTPField.Name, String) -> Void) {
        body(ServingHeaders.basis, recommendation.basis.rawValue)
        body(ServingHeaders.requestID, requestID)
        if let fallback = recommendation.fallback { body(ServingHeaders.fallback, fallback) }
    }

    static let contentType = "text/plain; charset=utf-8"
}

extension ServingComponents {
    /// Answers `userID` from `state`: the list, its variant's counters and the served-log
    /// record (appended here, written in batches elsewhere).
    func answer(userID: Int64, state: ServingState, arrived: ContinuousClock.Instant) -> RecommendAnswer {
        let answer = recommending.recommend(userID: userID, state: state, arrived: arrived)
        let requestID = requestIDs.next()
        let elapsed = ContinuousClock.now - arrived
        state.counters[answer.position].count(answer, duration: elapsed)
        servedLog.append(
            ServedRecord(
                requestID: requestID, userID: userID, at: Int64(Date().timeIntervalSince1970 * 1_000_000),
                experimentID: answer.experimentID, variant: answer.variant, modelVersion: answer.model.version,
                dataID: answer.model.dataID, codeVersion: answer.model.codeVersion, line: answer.line,
                latencyMicroseconds: Int32(clamping: elapsed.components.attoseconds / 1_000_000_000_000
                    + elapsed.components.seconds * 1_000_000),
                basis: answer.basis.rawValue, fallback: answer.fallback))
        return RecommendAnswer(recommendation: answer, requestID: requestID)
    }
}

/// The structured access log: one line per answer, from the router and the fast path alike.
struct AccessLog: Sendable {
    /// Nil turns the access log off.
    let logger: Logger?

    func record(
        method: HTTPRequest.Method, path: @autoclosure () -> String, status: Int, elapsed: Duration, variant: String, requestID: String
    ) {
        guard let logger else { return }
        logger.info(
            "request",
            metadata: [
                "method": "\(method)", "path": "\(path().prefix(200))", "status": "\(status)",
                "ms": "\(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)",
                "variant": "\(variant)", "request_id": "\(requestID)",
            ])
    }

    /// The line for a request refused before it was parsed (no method or path to give).
    func refused(status: Int, reason: String) {
        logger?.info("request", metadata: ["method": "-", "path": "-", "status": "\(status)", "reason": "\(reason)"])
    }
}
