import Foundation
import MovieLog

/// Reads RecBole atomic files (`<name>.item`, `<name>.user`): tab-separated, a header of
/// `field:type` names, then one row per line. Columns are found by name, so their order
/// does not matter.
///
/// Items need `item_id` and `movie_title`; `release_year` (when it is not a year, a
/// trailing `(1995)` in the title is used, else the year is unknown) and `class` (genres separated by spaces, such as `Children's Film-Noir`; MovieLens's
/// `unknown` genre means none) are optional. Users need `user_id`; `age`, `gender` and
/// `occupation` are optional. A row without its id is rejected as ``CatalogError/Code/malformedRow``, one
/// whose slug breaks the movie-id rule (an item id with upper-case letters) as ``CatalogError/Code/invalidID``.
public enum RecBoleReader {
    /// The movies of an `.item` file, ids made by ``MovieLensID/slug(title:year:itemID:)``.
    public static func movies(atPath path: String) throws -> [CatalogEntry] {
        try rows(atPath: path, required: ["item_id", "movie_title"]).map { row in
            let itemID = row["item_id"] ?? ""
            let title = row["movie_title"] ?? ""
            guard !itemID.isEmpty, !title.isEmpty else {
                return .reject(row.reject(.movie, CatalogError(.malformedRow, "no item_id or movie_title")))
            }
            let yearText = row["release_year"] ?? ""
            let movieID = MovieLensID.slug(title: title, year: yearText, itemID: itemID)
            guard MovieID(movieID) != nil else {
                var reject = row.reject(.movie, CatalogError(.invalidID, "\(movieID) is not a movie-log id"))
                reject.key = itemID
                return .reject(reject)
            }
            var record = MovieRecord(movieID: movieID, title: title)
            record.year = year(yearText) ?? yearInParentheses(title)
            for genre in (row["class"] ?? "").split(separator: " ").map(String.init)
            where genre != "unknown" && !record.genres.contains(genre) {
                record.genres.append(genre)
            }
            return .movie(record)
        }
    }

    /// The users of a `.user` file.
    public static func users(atPath path: String) throws -> [CatalogEntry] {
        try rows(atPath: path, required: ["user_id"]).map { row in
            guard let userID = Int64(row["user_id"] ?? ""), userID > 0 else {
                return .reject(row.reject(.user, CatalogError(.invalidID, "user_id is not a positive integer")))
            }
            var record = UserRecord(userID: userID)
            if let age = Int64(row["age"] ?? ""), MetadataAnswer.ages.contains(age) { record.age = Int16(age) }
            record.occupation = row["occupation"].flatMap { $0.isEmpty ? nil : $0 }
            record.gender = row["gender"].flatMap { ["M", "F"].contains($0.uppercased()) ? $0.uppercased() : nil }
            return .user(record)
        }
    }

    private static func year(_ text: some StringProtocol) -> Int16? {
        guard text.count == 4, let year = Int64(text), MetadataAnswer.years.contains(year) else { return nil }
        return Int16(year)
    }

    /// `Land Before Time III: The Time of the Great Giving (1995)` → 1995.
    private static func yearInParentheses(_ title: String) -> Int16? {
        guard title.hasSuffix(")"), let open = title.lastIndex(of: "(") else { return nil }
        return year(title[title.index(after: open)..<title.index(before: title.endIndex)])
    }

    /// One data row: its fields by column name, its line and its line number.
    struct Row {
        var fields: [String: String]
        var line: Substring
        var number: Int

        subscript(name: String) -> String? { fields[name] }

        func reject(_ kind: CatalogReject.Kind, _ error: CatalogError) -> CatalogReject {
            CatalogReject(kind: kind, key: "line:\(number)", raw: Array(line.utf8), error: error)
        }
    }

    static func rows(atPath path: String, required: [String]) throws -> [Row] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CatalogError(.file, "cannot read \(path) as UTF-8 text: \(error.localizedDescription)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first else { throw CatalogError(.file, "\(path) is empty; expected a RecBole header") }
        let names = header.split(separator: "\t", omittingEmptySubsequences: false).map {
            String($0.prefix { $0 != ":" }).trimmingCharacters(in: .whitespaces)
        }
        let missing = required.filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw CatalogError(
                .file, "\(path) has no \(missing.joined(separator: ", ")) column; header is \(String(header))")
        }
        return lines.enumerated().dropFirst().map { index, line in
            let values = line.split(separator: "\t", omittingEmptySubsequences: false)
            var fields: [String: String] = [:]
            for (name, value) in zip(names, values) {
                fields[name] = value.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            }
            return Row(fields: fields, line: line, number: index + 1)
        }
    }
}
