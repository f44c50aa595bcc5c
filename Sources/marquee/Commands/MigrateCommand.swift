import ArgumentParser
import Store

/// `marquee migrate`: applies pending schema migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations (every command that needs them does this too).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        let logger = log.makeLogger()
        let applied = try await Store.withStore(try database.configuration(), logger: logger) { try await $0.migrate() }
        Output.line(
            applied.isEmpty
                ? "schema is current" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
    }
}
