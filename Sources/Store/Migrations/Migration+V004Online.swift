extension Migration {
    /// Online evaluation: the instants of every minute line per user×movie (so WTR can be
    /// computed from Postgres exactly), the streaming evaluator's per-window counts, and its
    /// pending events (checkpointed with its offsets, so a restart resumes exactly).
    static let v004Online = Migration(
        version: 4, name: "online_evaluation",
        statements: [
            "ALTER TABLE interactions ADD COLUMN watch_us bigint[] NOT NULL DEFAULT '{}'",
            "COMMENT ON COLUMN interactions.watch_us IS 'distinct instants of the minute lines, microseconds since 1970, ascending'",
            """
            CREATE TABLE wtr_windows (
                group_id       text        NOT NULL,
                experiment_id  text        NOT NULL,
                variant        text        NOT NULL,
                window_start   timestamptz NOT NULL,
                events         bigint      NOT NULL,
                ok             bigint      NOT NULL,
                conversions    bigint      NOT NULL,
                latency_counts bigint[]    NOT NULL,
                PRIMARY KEY (group_id, experiment_id, variant, window_start)
            )
            """,
            "COMMENT ON TABLE wtr_windows IS 'streaming online evaluation: counts per variant and window of event instants; experiment_id and variant are empty for unattributed events'",
            "COMMENT ON COLUMN wtr_windows.latency_counts IS 'client latency histogram (Evaluation.LatencyHistogram buckets)'",
            """
            CREATE TABLE wtr_pending (
                group_id       text        NOT NULL,
                topic          text        NOT NULL,
                partition      integer     NOT NULL,
                event_key      text        NOT NULL,
                user_id        bigint      NOT NULL,
                at_ns          bigint      NOT NULL,
                status         smallint    NOT NULL,
                items          text        NOT NULL,
                converted      boolean     NOT NULL,
                request_id     text        NOT NULL,
                experiment_id  text        NOT NULL,
                variant        text        NOT NULL,
                PRIMARY KEY (group_id, topic, event_key)
            )
            """,
            "COMMENT ON TABLE wtr_pending IS 'the streaming evaluator''s events still inside their window (duplicates are recognised against them; unconverted ones can still convert)'",
            """
            CREATE TABLE wtr_watermarks (
                group_id      text    NOT NULL,
                topic         text    NOT NULL,
                partition     integer NOT NULL,
                watermark_ns  bigint  NOT NULL,
                PRIMARY KEY (group_id, topic, partition)
            )
            """,
            "COMMENT ON TABLE wtr_watermarks IS 'the latest line instant per partition the streaming evaluator has seen (events expire against it)'",
        ])
}
