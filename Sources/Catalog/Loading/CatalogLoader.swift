import Foundation
import Logging
import Store

/// Loads metadata into the store from a dump, RecBole files or the live API; one run per call.
public struct CatalogLoader: Sendable {
    let store: Store
    let logger: Logger
    /// Entries per database write. Default 1000.
    public var batchSize = 1000
    /// How often progress is logged. Default 5 s.
    public var progressInterval: Duration = .seconds(5)

    /// A loader writing to `store`, whose pool must be running.
    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Loads a JSON-lines dump of metadata answers (see ``MetadataDump``); rows are stored with
    /// source `jsonl:<absolute path>`. Unusable lines become rejects; blank lines are skipped.
    ///
    /// - Throws: ``CatalogError/Code/file`` when the file cannot be read; store errors.
    public func loadDump(atPath path: String) async throws -> CatalogSummary {
        let started = ContinuousClock.now
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CatalogError(.file, "cannot open \(path); pass an existing JSON-lines file to --jsonl")
        }
        defer { try? handle.close() }
        var writer = CatalogWriter(store: store, source: "jsonl:" + Self.absolute(path), batchSize: batchSize)
        var pending: [UInt8] = []
        var lineNumber = 0
        func consume(_ line: ArraySlice<UInt8>) async throws {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                writer.countRead(blank: true)
                return
            }
            writer.countRead()
            try await writer.add(MetadataDump.entry(Array(line), lineNumber: lineNumber))
        }
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw CatalogError(.file, "cannot read \(path): \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try await consume(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        if !pending.isEmpty { try await consume(pending[...]) }
        var summary = try await writer.finish()
        summary.elapsed = started.duration(to: .now)
        logger.info("catalog loaded", metadata: summary.metadata)
        return summary
    }

    /// Loads the RecBole files of `directory` (its one `*.item` and one `*.user` file; at least
    /// one of them must exist) with source `recbole:<absolute file path>`.
    ///
    /// - Throws: ``CatalogError/Code/file`` when the directory holds no such file, several of a
    ///   kind, or an unreadable one; store errors.
    public func loadRecBole(directory: String) async throws -> CatalogSummary {
        let started = ContinuousClock.now
        let root = Self.absolute(directory)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        } catch {
            throw CatalogError(.file, "cannot list \(directory); pass a RecBole dataset directory to --recbole")
        }
        let items = names.filter { $0.hasSuffix(".item") }
        let users = names.filter { $0.hasSuffix(".user") }
        guard items.count <= 1, users.count <= 1, !(items + users).isEmpty else {
            throw CatalogError(
                .file,
                "\(directory) must hold one <name>.item and/or one <name>.user file; found "
                    + ((items + users).isEmpty ? "none" : (items + users).joined(separator: ", ")))
        }
        var summary = CatalogSummary(source: "recbole:" + root)
        for (name, read) in items.map({ ($0, RecBoleReader.movies) }) + users.map({ ($0, RecBoleReader.users) }) {
            let path = URL(fileURLWithPath: root).appendingPathComponent(name).path
            var writer = CatalogWriter(store: store, source: "recbole:" + path, batchSize: batchSize, summary: summary)
            for entry in try read(path) {
                writer.countRead()
                try await writer.add(entry)
            }
            summary = try await writer.finish()
        }
        summary.elapsed = started.duration(to: .now)
        logger.info("catalog loaded", metadata: summary.metadata)
        return summary
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
