import Foundation
import Ingest
import Logging
import MarqueeTesting
import Simulation
import Testing

/// Drift windows over the raw log: the same lines counted from Kafka offsets and from a file
/// agree, and an offset range covers exactly what it names.
@Suite struct LogWindowCounterTests {
    static func generator(lines: Int) -> StreamGenerator {
        var configuration = StreamGenerator.Configuration()
        configuration.lines = lines
        configuration.seed = 11
        return StreamGenerator(configuration: configuration)
    }

    @Test(.timeLimit(.minutes(2)))
    func kafkaOffsetsAndTheSameLinesInAFileGiveTheSameCounts() async throws {
        let generator = Self.generator(lines: 8_000)
        let stream = try EmbeddedStream(generator, partitions: 1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-window-\(UUID()).log")
        defer { try? FileManager.default.removeItem(at: file) }
        var text = Data()
        _ = generator.generate {
            text.append(contentsOf: $0); text.append(UInt8(ascii: "\n"))
        }
        try text.write(to: file)

        let logger = Logger(label: "marquee.test")
        let whole = try await LogWindowCounter.kafka(
            stream.configuration(group: "unused"), from: 0, to: nil, logger: logger)
        let fromFile = try LogWindowCounter.file(path: file.path, from: 1, to: nil)
        #expect(whole.counts == fromFile.counts)
        #expect(whole.invalidLines == fromFile.invalidLines && whole.invalidLines > 0)
        #expect(whole.covered[0]?.from == 0 && whole.covered[0]?.to == 8_000)

        // Offsets 2000..<5000 are file lines 2001..<5001.
        let part = try await LogWindowCounter.kafka(
            stream.configuration(group: "unused"), from: 2_000, to: 5_000, logger: logger)
        let filePart = try LogWindowCounter.file(path: file.path, from: 2_001, to: 5_001)
        #expect(part.covered[0]?.from == 2_000 && part.covered[0]?.to == 5_000)
        #expect(part.counts == filePart.counts)
        #expect(part.counts.movies.values.reduce(0, +) < whole.counts.movies.values.reduce(0, +))
    }
}
