import ArgumentParser
import Foundation
import Ingest
import Kafka
import MovieLog
import Simulation

/// `marquee generate`: a seeded synthetic movie-log, to a file or straight to a topic.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract:
            "Write a deterministic synthetic movie-log (with dirty lines) to a file, stdout, or a topic (--brokers).")

    @OptionGroup var stream: StreamOptions
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Option(help: "Write lines here (- for stdout) when no --brokers is given")
    var output: String = "-"

    func run() async throws {
        let logger = log.makeLogger()
        let generator = StreamGenerator(configuration: stream.configuration)
        let truth: StreamTruth
        if kafka.brokers != nil {
            let producer = try KafkaProducer(configuration: try kafka.configuration())
            truth = try StreamPublisher.publish(generator, to: producer)
            logger.info("generated stream published", metadata: ["kafka.topic": "\(kafka.topic)"])
        } else {
            truth = try StreamFileWriter.write(generator, to: output)
        }
        FileHandle.standardError.write(
            Data("generated \(truth.lines) lines (\(truth.dirtyLines) dirty, seed \(stream.seed))\n".utf8))
    }
}

/// The generator's knobs as flags.
struct StreamOptions: ParsableArguments {
    @Option(help: "Random seed: the same seed gives the same bytes")
    var seed: UInt64 = 42
    @Option(help: "Lines to generate")
    var lines: Int = 100_000
    @Option(help: "Users in the synthetic world")
    var users: Int = 1000
    @Option(help: "Movies in the synthetic catalog")
    var movies: Int = 500
    @Option(help: "Fraction of lines that are dirty (0…1)")
    var dirtyRate: Double = 0.02
    @Option(help: "Fraction of recommendation lines repeated byte for byte (0…1)")
    var duplicateRate: Double = 0.01

    func validate() throws {
        guard lines >= 1, users >= 1, movies >= 1 else {
            throw ValidationError("--lines, --users and --movies must be at least 1")
        }
        guard (0...1).contains(dirtyRate), (0...1).contains(duplicateRate) else {
            throw ValidationError("--dirty-rate and --duplicate-rate must lie between 0 and 1")
        }
    }

    var configuration: StreamGenerator.Configuration {
        var configuration = StreamGenerator.Configuration()
        configuration.seed = seed
        configuration.lines = lines
        configuration.users = users
        configuration.movies = movies
        configuration.dirtyRate = dirtyRate
        configuration.duplicateRate = duplicateRate
        return configuration
    }
}

/// Writes a generated stream as newline-terminated lines, buffered.
enum StreamFileWriter {
    static func write(_ generator: StreamGenerator, to path: String) throws -> StreamTruth {
        let handle: FileHandle
        if path == "-" {
            handle = .standardOutput
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw ValidationError("cannot create '\(path)'; check the --output path")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        let truth = try generator.generate { line in
            buffer.append(contentsOf: line)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        if path != "-" { try handle.close() }
        return truth
    }
}
