import MovieLog
import Simulation

/// One generated line with the generator's label and the reference ingest's outcome.
struct GeneratedLine {
    var bytes: [UInt8]
    var intent: LineIntent
    var outcome: ReferenceIngest.Outcome

    /// The parsed event, when the line was stored.
    var event: MovieLogEvent? {
        if case .stored(let event) = outcome { return event }
        return nil
    }

    /// Generates a whole stream and ingests it with ``ReferenceIngest``.
    static func generate(_ configuration: StreamGenerator.Configuration) -> (
        lines: [GeneratedLine], truth: StreamTruth, ingested: StreamTruth
    ) {
        var ingest = ReferenceIngest()
        var lines: [GeneratedLine] = []
        lines.reserveCapacity(configuration.lines)
        let truth = StreamGenerator(configuration: configuration).generateLabelled(into: { bytes, intent in
            let line = Array(bytes)
            lines.append(GeneratedLine(bytes: line, intent: intent, outcome: ingest.ingest(line)))
        })
        return (lines, truth, ingest.result)
    }
}
