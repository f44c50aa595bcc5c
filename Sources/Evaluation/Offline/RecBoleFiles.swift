import Foundation
import Recommenders

/// Interactions and genres from MovieLens files in RecBole's atomic format: a tab-separated
/// header of `name:type` fields, then one row per line. Movie ids are the files' item tokens.
public struct RecBoleFiles: Sendable {
    /// One interaction per `.inter` row (`user_id`, `item_id`, optional `rating`, `timestamp`
    /// in seconds); a user's repeated item keeps the latest row.
    public var interactions: [Interaction]
    /// Genres per item token from the `.item` file's `class` field (empty when there is no file).
    public var genresByMovie: [String: [String]]

    /// Reads `<dataset>.inter` and, when present, `<dataset>.item` from `directory`; `dataset`
    /// defaults to the directory's name (`ml-100k`).
    public init(directory: URL, dataset: String? = nil) throws(EvaluationError) {
        let name = dataset ?? directory.lastPathComponent
        let inter = try Self.table(directory.appendingPathComponent("\(name).inter"))
        guard let user = inter.column("user_id"), let item = inter.column("item_id"),
            let time = inter.column("timestamp")
        else {
            throw EvaluationError(
                .input, "\(name).inter needs user_id, item_id and timestamp columns; it has \(inter.header)")
        }
        let rating = inter.column("rating")
        var interactions: [Interaction] = []
        interactions.reserveCapacity(inter.rows.count)
        for (number, row) in inter.rows.enumerated() {
            guard row.count == inter.header.count, let userID = Int64(row[user]), let seconds = Double(row[time]) else {
                throw EvaluationError(
                    .input, "\(name).inter row \(number + 2) is malformed: \(row.joined(separator: "\t"))")
            }
            interactions.append(
                Interaction(
                    userID: userID, movieID: row[item], minutesWatched: 0,
                    rating: rating.flatMap { Double(row[$0]) }.map { Int($0.rounded()) }, at: Int64(seconds * 1_000_000)
                ))
        }
        self.interactions = interactions
        genresByMovie = [:]
        let itemFile = directory.appendingPathComponent("\(name).item")
        guard FileManager.default.fileExists(atPath: itemFile.path) else { return }
        let items = try Self.table(itemFile)
        guard let id = items.column("item_id"), let genres = items.column("class") else { return }
        for row in items.rows where row.count > max(id, genres) {
            genresByMovie[row[id]] = row[genres].split(separator: " ").map(String.init)
        }
    }

    private struct Table {
        var header: [String]
        var rows: [[String]]
        func column(_ name: String) -> Int? { header.firstIndex { $0.split(separator: ":").first == Substring(name) } }
    }

    private static func table(_ file: URL) throws(EvaluationError) -> Table {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw EvaluationError(.input, "cannot read \(file.path): \(error.localizedDescription)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
        }
        guard !lines.isEmpty else { throw EvaluationError(.input, "\(file.path) is empty") }
        let header = lines.removeFirst()
        return Table(header: header, rows: lines)
    }
}
