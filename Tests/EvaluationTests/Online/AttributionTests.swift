import MovieLog
import Testing

@testable import Evaluation

/// Events are attributed through the served log, or shown as unattributed, never guessed.
@Suite struct AttributionTests {
    typealias Log = WTRBatchJoinTests

    static func nanoseconds(_ time: String) -> Int64 { Timestamp(logTime: time)!.nanosecondsSinceEpoch }

    static func served(
        _ time: String, _ user: Int64, _ items: [String], variant: String, request: String = "", model: String = "m1"
    ) -> ServedAnswer {
        ServedAnswer(
            requestID: request.isEmpty ? "\(user)-\(time)-\(variant)" : request, userID: user, at: nanoseconds(time),
            experimentID: "exp", variant: variant, modelVersion: model, items: items.joined(separator: ","))
    }

    @Test func sameUserSameItemsShortlyBeforeIsAttributed() {
        let (tally, _) = Log.tally(
            [
                Log.recommendation("2025-10-27T10:00:00.3", 7, ["memento+2000", "aliens+1986"]),
                Log.watch("2025-10-27T10:10:00", 7, "aliens+1986"),
            ],
            served: [Self.served("2025-10-27T10:00:00.25", 7, ["memento+2000", "aliens+1986"], variant: "als")])
        let arm = Arm(experimentID: "exp", variant: "als")
        #expect(tally.arms[arm]?.ok == 1)
        #expect(tally.arms[arm]?.conversions == 1)
        #expect(tally.unattributed.events == 0)
        #expect(tally.modelVersions[arm] == ["m1"])
    }

    @Test func otherItemsOtherUsersAndOldAnswersLeaveEventsUnattributedButInTheOverallWTR() {
        let event = Log.recommendation("2025-10-27T10:00:00", 7, ["memento+2000", "aliens+1986"])
        let watch = Log.watch("2025-10-27T10:10:00", 7, "aliens+1986")
        for answer in [
            Self.served("2025-10-27T09:59:59", 7, ["aliens+1986", "memento+2000"], variant: "als"),  // order differs
            Self.served("2025-10-27T09:59:59", 8, ["memento+2000", "aliens+1986"], variant: "als"),  // another user
            Self.served("2025-10-27T09:59:49.999", 7, ["memento+2000", "aliens+1986"], variant: "als"),  // > 10 s before
            Self.served("2025-10-27T10:00:02.001", 7, ["memento+2000", "aliens+1986"], variant: "als"),  // > 2 s after
        ] {
            let (tally, _) = Log.tally([event, watch], served: [answer])
            #expect(tally.arms.isEmpty, "\(answer)")
            #expect(tally.unattributed.ok == 1)
            #expect(tally.overall.conversions == 1)
        }
    }

    @Test func theWindowsEdgesAttribute() {
        let event = Log.recommendation("2025-10-27T10:00:00", 7, ["memento+2000"])
        for time in ["2025-10-27T09:59:50", "2025-10-27T10:00:02"] {
            let (tally, _) = Log.tally([event], served: [Self.served(time, 7, ["memento+2000"], variant: "pop")])
            #expect(tally.arms[Arm(experimentID: "exp", variant: "pop")]?.events == 1, "\(time)")
        }
    }

    @Test func eachAnswerExplainsOneEventTheLatestBeforeItFirst() {
        // Two identical lists a few seconds apart: each event takes the answer just before it.
        let (tally, _) = Log.tally(
            [
                Log.recommendation("2025-10-27T10:00:01", 7, ["memento+2000"]),
                Log.recommendation("2025-10-27T10:00:05", 7, ["memento+2000"]),
                Log.recommendation("2025-10-27T10:00:06", 7, ["memento+2000"]),
            ],
            served: [
                Self.served("2025-10-27T10:00:00", 7, ["memento+2000"], variant: "a"),
                Self.served("2025-10-27T10:00:04", 7, ["memento+2000"], variant: "b"),
            ])
        #expect(tally.arms[Arm(experimentID: "exp", variant: "a")]?.events == 1)
        #expect(tally.arms[Arm(experimentID: "exp", variant: "b")]?.events == 1)
        // The third event's candidates are both claimed: unattributed, not double-counted.
        #expect(tally.unattributed.events == 1)
    }

    @Test func aFailedEventTakesAnAnswerNoListedEventClaimed() {
        let (tally, _) = Log.tally(
            [
                Log.failure("2025-10-27T10:00:01", 7),
                Log.recommendation("2025-10-27T10:00:02", 7, ["memento+2000"]),
            ],
            served: [
                Self.served("2025-10-27T10:00:00.9", 7, ["memento+2000"], variant: "a"),
                Self.served("2025-10-27T10:00:00.5", 7, ["aliens+1986"], variant: "b"),
            ])
        // The status-200 event claims its own list even though the failure came first; the
        // timed-out call matches the answer the client never saw.
        #expect(tally.arms[Arm(experimentID: "exp", variant: "a")]?.ok == 1)
        #expect(tally.arms[Arm(experimentID: "exp", variant: "b")]?.events == 1)
        #expect(tally.arms[Arm(experimentID: "exp", variant: "b")]?.ok == 0)
        #expect(tally.unattributed.events == 0)
    }
}
