extension Migration {
    /// The ingest tables: interactions, recommendation events, quarantine and the consumer's
    /// offsets. Instants are `timestamptz` (microseconds; finer digits of the log are floored).
    static let v001Ingest = Migration(
        version: 1, name: "ingest",
        statements: [
            """
            CREATE TABLE interactions (
                user_id          bigint      NOT NULL,
                movie_id         text        NOT NULL,
                minutes          integer[]   NOT NULL DEFAULT '{}',
                minutes_watched  integer     GENERATED ALWAYS AS (cardinality(minutes)) STORED,
                first_watch_at   timestamptz,
                last_watch_at    timestamptz,
                rating           smallint    CHECK (rating BETWEEN 1 AND 5),
                rated_at         timestamptz,
                PRIMARY KEY (user_id, movie_id)
            ) WITH (fillfactor = 70)
            """,
            // Rows are updated batch after batch; free room on each page lets PostgreSQL update
            // in place (HOT) instead of writing a new index entry per update.
            "COMMENT ON COLUMN interactions.minutes IS 'distinct minute chunks streamed, ascending'",
            "COMMENT ON COLUMN interactions.rating IS 'latest rating by rated_at; on equal times the later log line wins'",
            """
            CREATE TABLE recommendation_events (
                line_md5    uuid        PRIMARY KEY,
                user_id     bigint      NOT NULL,
                at          timestamptz NOT NULL,
                server      text        NOT NULL,
                status      smallint    NOT NULL,
                latency_ms  integer     NOT NULL,
                items       text[]      NOT NULL,
                error       text,
                source      text        NOT NULL,
                partition   integer     NOT NULL,
                "offset"    bigint      NOT NULL
            )
            """,
            "COMMENT ON COLUMN recommendation_events.line_md5 IS 'md5 of the raw line: byte-identical duplicates are stored once'",
            "CREATE INDEX recommendation_events_user_at ON recommendation_events (user_id, at)",
            """
            CREATE TABLE quarantine (
                source     text        NOT NULL,
                partition  integer     NOT NULL,
                "offset"   bigint      NOT NULL,
                raw        bytea       NOT NULL,
                rule       text        NOT NULL,
                reason     text        NOT NULL,
                at         timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (source, partition, "offset")
            )
            """,
            "CREATE INDEX quarantine_rule ON quarantine (rule)",
            """
            CREATE TABLE ingest_offsets (
                group_id     text        NOT NULL,
                topic        text        NOT NULL,
                partition    integer     NOT NULL,
                next_offset  bigint      NOT NULL,
                updated_at   timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (group_id, topic, partition)
            )
            """,
        ])
}
