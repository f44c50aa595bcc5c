import MovieLog

/// Parses answers of the metadata API (`GET <api>/movie/<id>`, `GET <api>/user/<id>`) into
/// records, or says why an answer is unusable.
///
/// Rules (see README, "Catalog"): absent, `null` and blank fields are unknown; numbers may be
/// JSON numbers or decimal strings; a field we store that has the wrong type or an implausible
/// value rejects the whole answer (it is kept, never half-stored); fields we do not store
/// (popularity, votes, external ids, …) are ignored. The year is the `year` field when present,
/// else the year of `release_date`; a runtime of 0 means unknown.
public enum MetadataAnswer {
    /// Plausible release years.
    public static let years: ClosedRange<Int64> = 1870...2100
    /// Plausible runtimes in minutes (0 is read as unknown).
    public static let runtimes: ClosedRange<Int64> = 0...10_000
    /// Plausible ages in years.
    public static let ages: ClosedRange<Int64> = 1...120
    /// User ids of the log: 1 to 10 decimal digits, > 0.
    public static let userIDs: ClosedRange<Int64> = 1...9_999_999_999
    /// Longest title and genre name kept, in characters (as `schemas/movie.schema.json` allows).
    public static let maxTitleLength = 1000
    public static let maxGenreLength = 100

    /// Parses a movie answer. When `requestedID` is given (an API fetch), an answer without
    /// `id` is taken to be about it and an answer about another id is rejected.
    public static func movie(_ body: [UInt8], requestedID: String? = nil) -> Result<MovieRecord, CatalogError> {
        Result { () throws(CatalogError) in try movie(fields(body), requestedID: requestedID) }
    }

    /// Parses a user answer. When `requestedID` is given (an API fetch), an answer without
    /// `user_id` is taken to be about it and an answer about another id is rejected.
    public static func user(_ body: [UInt8], requestedID: Int64? = nil) -> Result<UserRecord, CatalogError> {
        Result { () throws(CatalogError) in try user(fields(body), requestedID: requestedID) }
    }

    static func fields(_ body: [UInt8]) throws(CatalogError) -> AnswerFields {
        guard let value = JSONValue.decode(body) else { throw CatalogError(.malformedJSON) }
        guard case .object(let object) = value else {
            throw CatalogError(.notAnObject, "the answer is \(value.excerpt)")
        }
        return AnswerFields(object: object)
    }

    static func movie(_ fields: AnswerFields, requestedID: String?) throws(CatalogError) -> MovieRecord {
        try refuseMessage(fields, unless: ["id", "title"])
        let id: String
        if let given = try fields.string("id") {
            guard MovieID(given) != nil else { throw CatalogError(.invalidID, "id \(JSONValue.string(given).excerpt)") }
            if let requestedID, given != requestedID {
                throw CatalogError(.idMismatch, "asked for \(requestedID), answered \(given)")
            }
            id = given
        } else if let requestedID {
            id = requestedID
        } else {
            throw CatalogError(.missingField, "id")
        }
        var record = MovieRecord(movieID: id, title: try fields.string("title"))
        if let title = record.title, title.count > maxTitleLength {
            throw CatalogError(.outOfRange, "title is \(title.count) characters, more than \(maxTitleLength)")
        }
        if let year = try fields.integer("year", in: years) {
            record.year = Int16(year)
        } else if let date = try fields.string("release_date") {
            record.year = try releaseYear(date)
        }
        record.genres = try genres(fields.object["genres"])
        if let runtime = try fields.integer("runtime", in: runtimes), runtime > 0 { record.runtime = Int32(runtime) }
        return record
    }

    static func user(_ fields: AnswerFields, requestedID: Int64?) throws(CatalogError) -> UserRecord {
        try refuseMessage(fields, unless: ["user_id"])
        let id: Int64
        do throws(CatalogError) {
            if let given = try fields.integer("user_id", in: userIDs) {
                if let requestedID, given != requestedID {
                    throw CatalogError(.idMismatch, "asked for \(requestedID), answered \(given)")
                }
                id = given
            } else if let requestedID {
                id = requestedID
            } else {
                throw CatalogError(.missingField, "user_id")
            }
        } catch  where error.code == .wrongType || error.code == .outOfRange {
            throw CatalogError(.invalidID, "user_id \(fields.object["user_id"]?.excerpt ?? "")")
        }
        var record = UserRecord(userID: id)
        record.age = try fields.integer("age", in: ages).map { Int16($0) }
        record.occupation = try fields.string("occupation")
        if let gender = try fields.string("gender") {
            guard ["M", "F"].contains(gender.uppercased()) else {
                throw CatalogError(.outOfRange, "gender is \(JSONValue.string(gender).excerpt), not M or F")
            }
            record.gender = gender.uppercased()
        }
        return record
    }

    /// An answer that is only a `message` (no id or title) is the API's way of saying no.
    private static func refuseMessage(_ fields: AnswerFields, unless keys: [String]) throws(CatalogError) {
        guard fields.has("message"), !keys.contains(where: fields.has) else { return }
        let message = (try? fields.string("message")) ?? nil
        if message?.lowercased().contains("not found") == true { throw CatalogError(.notFound) }
        throw CatalogError(.errorAnswer, message.map { JSONValue.string($0).excerpt } ?? "")
    }

    /// `1972-03-14`, `1972-03` or `1972`.
    private static func releaseYear(_ date: String) throws(CatalogError) -> Int16 {
        let digits = date.prefix(while: \.isASCIIDigit)
        let rest = date.dropFirst(digits.count)
        guard digits.count == 4, rest.isEmpty || rest.first == "-", let year = Int64(digits) else {
            throw CatalogError(.wrongType, "release_date is \(JSONValue.string(date).excerpt), not a date")
        }
        guard years.contains(year) else {
            throw CatalogError(
                .outOfRange, "release_date year is \(year), not in \(years.lowerBound)...\(years.upperBound)")
        }
        return Int16(year)
    }

    /// `[{"id": 18, "name": "Drama"}, …]` (plain strings are accepted too), trimmed, first occurrence kept.
    private static func genres(_ value: JSONValue?) throws(CatalogError) -> [String] {
        var names: [String] = []
        switch value {
        case nil, .null?: return []
        case .array(let items)?:
            for item in items {
                let name: String?
                switch item {
                case .string(let text): name = text
                case .object(let genre): name = try AnswerFields(object: genre).string("name")
                default: name = nil
                }
                guard let name = name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else {
                    throw CatalogError(.wrongType, "a genre is \(item.excerpt), not {\"id\", \"name\"}")
                }
                guard name.count <= maxGenreLength else {
                    throw CatalogError(.outOfRange, "a genre is \(name.count) characters, more than \(maxGenreLength)")
                }
                if !names.contains(name) { names.append(name) }
            }
            return names
        case let other?: throw CatalogError(.wrongType, "genres is \(other.excerpt), not a list")
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
