import Foundation
import HTTPTypes
import Logging
import Store

/// A `/recommend` answer as it goes out. The route and ``RecommendFastPath`` both make it
/// with ``ServingComponents/answer(userID:state:arrived:)``, so the two paths cannot differ.
struct RecommendAnswer {
    /// Content type and the provenance headers (``ServingHeaders``).
    var fields: HTTPFields
    /// The comma-separated movie ids, best first.
    var body: String
    var variant: String
    var requestID: String
}

extension ServingComponents {
    /// Answers `userID` from `state`: the list, its headers, the variant's counters and the
    /// served-log record (appended here, written in batches elsewhere).
    func answer(userID: Int64, state: ServingState, arrived: ContinuousClock.Instant) -> RecommendAnswer {
        let answer = recommending.recommend(userID: userID, state: state, arrived: arrived)
        let requestID = requestIDs.next()
        var fields: HTTPFields = [
            .contentType: "text/plain; charset=utf-8",
            ServingHeaders.variant: answer.variant,
            ServingHeaders.model: answer.model.version,
            ServingHeaders.data: answer.model.dataID,
            ServingHeaders.code: answer.model.codeVersion,
            ServingHeaders.experiment: answer.experimentID,
            ServingHeaders.basis: answer.basis.rawValue,
            ServingHeaders.requestID: requestID,
        ]
        if let fallback = answer.fallback { fields[ServingHeaders.fallback] = fallback }
        let elapsed = ContinuousClock.now - arrived
        state.counters[answer.position].count(answer, duration: elapsed)
        servedLog.append(
            ServedRecord(
                requestID: requestID, userID: userID, at: Int64(Date().timeIntervalSince1970 * 1_000_000),
                experimentID: answer.experimentID, variant: answer.variant, modelVersion: answer.model.version,
                dataID: answer.model.dataID, codeVersion: answer.model.codeVersion, items: answer.items,
                latencyMicroseconds: Int32(clamping: elapsed.components.attoseconds / 1_000_000_000_000
                    + elapsed.components.seconds * 1_000_000),
                basis: answer.basis.rawValue, fallback: answer.fallback))
        return RecommendAnswer(
            fields: fields, body: answer.items.joined(separator: ","), variant: answer.variant, requestID: requestID)
    }
}

/// The structured access log: one line per answer, from the router and the fast path alike.
struct AccessLog: Sendable {
    /// Nil turns the access log off.
    let logger: Logger?

    func record(
        method: HTTPRequest.Method, path: String, status: Int, elapsed: Duration, variant: String, requestID: String
    ) {
        guard let logger else { return }
        logger.info(
            "request",
            metadata: [
                "method": "\(method)", "path": "\(path.prefix(200))", "status": "\(status)",
                "ms": "\(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)",
                "variant": "\(variant)", "request_id": "\(requestID)",
            ])
    }
}
