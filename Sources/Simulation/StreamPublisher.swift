import Kafka
import MovieLog

/// Publishes a generated stream to Kafka, keyed by user id like `marquee produce`, so one
/// user's lines stay in one partition, in order.
public enum StreamPublisher {
    /// Sends every line of `generator`'s stream through `producer` and waits for delivery.
    /// - Returns: what the generator says it wrote.
    public static func publish(_ generator: StreamGenerator, to producer: KafkaProducer) throws -> StreamTruth {
        var sent = 0
        let truth = try generator.generate { line in
            try producer.send(line, key: UnsafeRawBufferPointer(rebasing: line[PartitionKey.userIDRange(in: line)]))
            sent += 1
            if sent % 10_000 == 0 { producer.poll() }
        }
        try producer.flush()
        return truth
    }
}
