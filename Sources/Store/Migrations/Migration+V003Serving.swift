extension Migration {
    /// The served log: one row per `/recommend` answer, with the provenance a client saw in
    /// its headers, so any past recommendation leads to its variant, model, data and code.
    static let v003Serving = Migration(
        version: 3, name: "served_log",
        statements: [
            """
            CREATE TABLE served (
                request_id     text        PRIMARY KEY,
                user_id        bigint      NOT NULL,
                at             timestamptz NOT NULL,
                experiment_id  text        NOT NULL,
                variant        text        NOT NULL,
                model_version  text        NOT NULL,
                data_id        text        NOT NULL,
                code_version   text        NOT NULL,
                items          text[]      NOT NULL,
                latency_us     integer     NOT NULL,
                basis          text        NOT NULL,
                fallback       text
            )
            """,
            "CREATE INDEX served_user_at ON served (user_id, at)",
            "COMMENT ON COLUMN served.basis IS 'how the list was made: model (known user), fold_in, cold_start'",
            "COMMENT ON COLUMN served.fallback IS 'why the popularity list replaced the variant''s answer (deadline), else NULL'",
        ])
}
