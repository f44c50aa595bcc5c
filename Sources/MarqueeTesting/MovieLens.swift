import Catalog
import Foundation
import MovieLog

/// Builds a movie-log stream from the real MovieLens-100K files (RecBole format) in the
/// shared data folder: one watch session per rating (the minutes 0…k at one-minute steps
/// starting at the rating's timestamp, k = 10 × rating), then the rating line.
public enum MovieLens {
    /// The shared `ml-100k` folder, from `$MARQUEE_SHARED` or `../shared` above the package.
    public static var directory: URL {
        if let shared = ProcessInfo.processInfo.environment["MARQUEE_SHARED"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("datasets/ml-100k")
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .deletingLastPathComponent().appendingPathComponent("shared/datasets/ml-100k")
    }

    /// One converted rating: the user, the movie slug, the rating and the session's lines.
    public struct Session: Sendable {
        public var userID: Int64
        public var movieID: String
        public var rating: Int
        public var start: Int64
        public var lines: [String]
    }

    /// Converts `ml-100k.inter` and `ml-100k.item` into sessions (in file order).
    public static func sessions() throws -> [Session] {
        let items = try table("ml-100k.item")
        var slugs: [String: String] = [:]
        for row in items where row.count >= 3 {
            slugs[row[0]] = MovieLensID.slug(title: row[1], year: row[2], itemID: row[0])
        }
        var sessions: [Session] = []
        for row in try table("ml-100k.inter") where row.count >= 4 {
            guard let user = Int64(row[0]), let rating = Double(row[2]).map({ Int($0) }), let time = Int64(row[3]),
                let movie = slugs[row[1]]
            else { continue }
            var lines: [String] = []
            for minute in 0...(rating * 10) {
                lines.append("\(iso(time + Int64(minute) * 60)),\(user),GET /data/m/\(movie)/\(minute).mpg")
            }
            lines.append("\(iso(time + Int64(rating * 10 + 1) * 60)),\(user),GET /rate/\(movie)=\(rating)")
            sessions.append(Session(userID: user, movieID: movie, rating: rating, start: time, lines: lines))
        }
        return sessions
    }

    static func iso(_ seconds: Int64) -> String {
        let text = Timestamp(seconds: seconds).description  // 1997-12-04T15:55:49Z
        return String(text.dropLast())
    }

    private static func table(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
