/// Reads a JSON-lines dump of metadata answers, one answer per line, movies and users mixed.
///
/// A line is a user answer when it has a `user_id` field (or, when it is not a JSON object,
/// when its text mentions `user_id` or `user not found`), otherwise a movie answer. A rejected
/// line is keyed by its id when one could be read, else by `line:<n>` (1-based).
public enum MetadataDump {
    /// Parses one line of a dump (without its line break).
    public static func entry(_ line: [UInt8], lineNumber: Int) -> CatalogEntry {
        let lineKey = "line:\(lineNumber)"
        let fields: AnswerFields
        do {
            fields = try MetadataAnswer.fields(line)
        } catch {
            return .reject(CatalogReject(kind: guessKind(line), key: lineKey, raw: line, error: error))
        }
        if isUser(fields) {
            switch Result(catching: { () throws(CatalogError) in try MetadataAnswer.user(fields, requestedID: nil) }) {
            case .success(let user): return .user(user)
            case .failure(let error):
                let key = (try? fields.integer("user_id", in: MetadataAnswer.userIDs)).flatMap { $0.map(String.init) }
                return .reject(CatalogReject(kind: .user, key: key ?? lineKey, raw: line, error: error))
            }
        }
        switch Result(catching: { () throws(CatalogError) in try MetadataAnswer.movie(fields, requestedID: nil) }) {
        case .success(let movie): return .movie(movie)
        case .failure(let error):
            let key = (try? fields.string("id")).flatMap { $0 }
            return .reject(CatalogReject(kind: .movie, key: key ?? lineKey, raw: line, error: error))
        }
    }

    private static func isUser(_ fields: AnswerFields) -> Bool {
        if fields.object["user_id"] != nil { return true }
        if case .string(let message)? = fields.object["message"], fields.object["id"] == nil {
            return message.lowercased().contains("user")
        }
        return false
    }

    private static func guessKind(_ line: [UInt8]) -> CatalogReject.Kind {
        let text = String(decoding: line, as: UTF8.self).lowercased()
        return text.contains("user_id") || text.contains("user not found") ? .user : .movie
    }
}
