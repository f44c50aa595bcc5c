import ArgumentParser
import Recommenders

/// The one Marquee executable: each role of the system is a subcommand.
@main
struct Marquee: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marquee",
        abstract: "Runs the recommendation side of a movie-streaming service from its Kafka log.",
        subcommands: [
            BrokerCommand.self, ProduceCommand.self, GenerateCommand.self, SimulateCommand.self, MigrateCommand.self,
            IngestCommand.self, StatusCommand.self, CatalogCommand.self, ValidateCommand.self, DriftCommand.self,
            TrainCommand.self, ModelsCommand.self, PromoteCommand.self, RetrainCommand.self,
            EvaluateCommand.self, ServeCommand.self, DemoCommand.self,
        ])

    /// ArgumentParser's entry point, after stopping OpenBLAS's idle thread pool (see
    /// `ALSRecommender.useOneBLASThread()`): every command parallelises above BLAS.
    static func main() async {
        ALSRecommender.useOneBLASThread()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
