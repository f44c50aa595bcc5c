import MarqueeTesting
import MovieLog
import PostgresNIO
import Store
import Testing

@Suite struct StoreIngestTests {
    static let movie = MovieID("the+matrix+1999")!

    static func time(_ text: String) -> Timestamp {
        guard
            case .success(let event) = MovieLogParser(now: Timestamp(seconds: 4_000_000_000))
                .parse("\(text),1,GET /data/m/x/1.mpg")
        else { fatalError("bad fixture time \(text)") }
        return event.time
    }

    static func watch(minutes: [Int32], from: String, to: String) -> IngestCommit.InteractionUpdate {
        var row = IngestCommit.InteractionUpdate(userID: 7, movieID: movie)
        row.minutes = minutes
        row.firstWatch = time(from)
        row.lastWatch = time(to)
        return row
    }

    static func rating(_ value: Int16, at: String) -> IngestCommit.InteractionUpdate {
        var row = IngestCommit.InteractionUpdate(userID: 7, movieID: movie)
        row.rating = value
        row.ratedAt = time(at)
        return row
    }

    static func batch(_ start: Int64, _ next: Int64, _ rows: [IngestCommit.InteractionUpdate]) -> IngestCommit {
        var commit = IngestCommit(groupID: "g", source: "movielog")
        commit.ranges = [.init(partition: 0, expectedStart: start, next: next)]
        commit.interactions = rows
        return commit
    }

    static func interaction(_ store: Store) async throws -> (
        minutes: [Int32], watched: Int, first: String?, last: String?, rating: Int16?
    ) {
        let rows = try await store.client.query(
            """
            SELECT minutes, minutes_watched, to_char(first_watch_at AT TIME ZONE 'UTC', 'HH24:MI:SS.US'),
                   to_char(last_watch_at AT TIME ZONE 'UTC', 'HH24:MI:SS.US'), rating
            FROM interactions WHERE user_id = 7
            """)
        for try await row in rows.decode(([Int32], Int, String?, String?, Int16?).self) { return row }
        Issue.record("no interaction row")
        return ([], 0, nil, nil, nil)
    }

    @Test(.timeLimit(.minutes(3)))
    func migrationsApplyOnce() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            #expect(try await store.migrate() == [])
            let versions = try await store.client.query("SELECT version FROM schema_migrations").decode(Int.self)
            var all: [Int] = []
            for try await version in versions { all.append(version) }
            #expect(all == Migration.all.map(\.version))
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func minutesStayDistinctAndWatchTimesWidenAcrossBatches() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            _ = try await store.commit(
                Self.batch(
                    0, 10, [Self.watch(minutes: [1, 2, 3], from: "2025-10-01T10:01:00.5", to: "2025-10-01T10:03")]))
            _ = try await store.commit(
                Self.batch(
                    10, 20,
                    [Self.watch(minutes: [2, 3, 9], from: "2025-10-01T10:00:30", to: "2025-10-01T10:09:00.000001")]))
            let row = try await Self.interaction(store)
            #expect(row.minutes == [1, 2, 3, 9])
            #expect(row.watched == 4)
            #expect(row.first == "10:00:30.000000")
            #expect(row.last == "10:09:00.000001")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func laterRatingReplacesAndOlderOneDoesNot() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            _ = try await store.commit(Self.batch(0, 1, [Self.rating(3, at: "2025-10-01T10:00:00")]))
            _ = try await store.commit(Self.batch(1, 2, [Self.rating(5, at: "2025-10-02T10:00:00")]))
            #expect(try await Self.interaction(store).rating == 5)
            // An older rating arriving late does not replace the newer one.
            _ = try await store.commit(Self.batch(2, 3, [Self.rating(1, at: "2025-10-01T12:00:00")]))
            #expect(try await Self.interaction(store).rating == 5)
            // The same instant on a later line does.
            _ = try await store.commit(Self.batch(3, 4, [Self.rating(2, at: "2025-10-02T10:00:00")]))
            #expect(try await Self.interaction(store).rating == 2)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aBatchFromAStaleOffsetIsRolledBackWhole() async throws {
        try await TestDatabase.withFreshDatabase { store, _ in
            _ = try await store.commit(Self.batch(0, 10, [Self.rating(4, at: "2025-10-01T10:00:00")]))
            await #expect {
                _ = try await store.commit(Self.batch(0, 12, [Self.rating(1, at: "2025-10-05T10:00:00")]))
            } throws: { error in
                (error as? StoreError)?.code == .offsetConflict
            }
            #expect(try await Self.interaction(store).rating == 4)
            #expect(try await store.startOffsets(groupID: "g", topic: "movielog", partitions: [0, 1]) == [0: 10])
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aRecommendationLineStoredEarlierIsQuarantinedAsDuplicate() async throws {
        let line = "2025-10-01T10:00:00,7,recommendation request host:8082, status 200, result: a+1999, b+2000, 88 ms"
        guard
            case .success(.recommendation(let event)) = MovieLogParser(now: Timestamp(seconds: 4_000_000_000)).parse(
                line)
        else {
            Issue.record(
                "fixture does not parse: \(MovieLogParser(now: Timestamp(seconds: 4_000_000_000)).parse(line))")
            return
        }
        try await TestDatabase.withFreshDatabase { store, _ in
            var first = Self.batch(0, 1, [])
            first.recommendations = [.init(raw: line, event: event, partition: 0, offset: 0)]
            var second = Self.batch(1, 2, [])
            second.recommendations = [.init(raw: line, event: event, partition: 0, offset: 1)]
            #expect(
                try await store.commit(first)
                    == IngestCommitOutcome(recommendationsStored: 1, duplicates: 0, quarantined: 0))
            #expect(
                try await store.commit(second)
                    == IngestCommitOutcome(recommendationsStored: 0, duplicates: 1, quarantined: 1))
            let summary = try await store.ingestSummary()
            #expect(summary.recommendationEvents == 1)
            #expect(summary.quarantinedByRule == ["duplicate": 1])
        }
    }

    @Test func databaseURLsAreCheckedAndRedacted() throws {
        let configuration = try StoreConfiguration(
            url: "postgresql://app:secret@db.example:6543/marquee?sslmode=disable")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "marquee")
        #expect(!configuration.redactedURL.contains("secret"))
        #expect(throws: StoreError.self) { try StoreConfiguration(url: "mysql://x@y/z") }
        #expect(throws: StoreError.self) { try StoreConfiguration(url: "postgres://x@y/z?sslmode=bogus") }
    }
}
