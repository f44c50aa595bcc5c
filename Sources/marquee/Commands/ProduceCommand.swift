import ArgumentParser
import Ingest
import Kafka
import MovieLog

/// `marquee produce`: publishes a log file, one message per line, keyed by user id.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Publish a log file (or - for stdin) to a topic, one message per line, keyed by user id.")

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var log: LogOptions

    @Argument(help: "The log file, or - for standard input")
    var file: String

    func run() async throws {
        let logger = log.makeLogger()
        let producer = try KafkaProducer(configuration: try kafka.configuration())
        let reader = try LineReader(path: file)
        var lines = 0
        while try reader.readLine({ line in
            try producer.send(line, key: UnsafeRawBufferPointer(rebasing: line[PartitionKey.userIDRange(in: line)]))
        }) != nil {
            lines += 1
            if lines % 10_000 == 0 { producer.poll() }
        }
        let delivered = try producer.flush()
        logger.info("produced", metadata: ["kafka.topic": "\(kafka.topic)", "kafka.messages": "\(delivered)"])
        Output.line("produced \(delivered) messages to \(kafka.topic)")
    }
}
