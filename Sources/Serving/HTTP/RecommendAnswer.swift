import Foundation
import HTTPTypes
import Logging

/// A `/recommend` answer as it goes out. The route and ``RecommendFastPath`` both make it
/// with ``ServingComponents/answer(userID:state:arrived:)``, so the two paths cannot differ.
struct RecommendAnswer {
    /// The list and its provenance.
    let recommendation: Recommendation
    let requestID: RequestID

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
    /// (``RecommendFastPath`` writes the same fields in the same order straight into the answer's
    /// bytes.)
    var answerProvenance: [HTTPField] {
        var fields = [
            HTTPField(name: ServingHeaders.basis, value: recommendation.basis.rawValue),
            HTTPField(name: ServingHeaders.requestID, value: requestID.text),
        ]
        if let fallback = recommendation.fallback {
            fields.append(HTTPField(name: ServingHeaders.fallback, value: fallback))
        }
        return fields
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
            ServedEntry(
                state: state, position: answer.position, requestID: requestID, userID: userID,
                at: Int64(Date().timeIntervalSince1970 * 1_000_000),
                latencyMicroseconds: Int32(clamping: elapsed.components.attoseconds / 1_000_000_000_000
                    + elapsed.components.seconds * 1_000_000),
                list: answer.list, basis: answer.basis, fallback: answer.fallback))
        return RecommendAnswer(recommendation: answer, requestID: requestID)
    }
}

/// The structured access log: one line per answer, from the router and the fast path alike.
struct AccessLog: Sendable {
    /// Nil turns the access log off.
    let logger: Logger?

    func record(
        method: HTTPRequest.Method, path: @autoclosure () -> String, status: Int, elapsed: Duration, variant: String,
        requestID: @autoclosure () -> String
    ) {
        guard let logger else { return }
        logger.info(
            "request",
            metadata: [
                "method": "\(method)", "path": "\(path().prefix(200))", "status": "\(status)",
                "ms": "\(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)",
                "variant": "\(variant)", "request_id": "\(requestID())",
            ])
    }

    /// The line for a request refused before it was parsed (no method or path to give).
    func refused(status: Int, reason: String) {
        logger?.info("request", metadata: ["method": "-", "path": "-", "status": "\(status)", "reason": "\(reason)"])
    }
}
