extension Migration {
    /// The catalog, the gate's reports and the model registry.
    static let v002Gate = Migration(
        version: 2, name: "catalog_gate_models",
        statements: [
            """
            CREATE TABLE movies (
                movie_id    text        PRIMARY KEY,
                title       text,
                year        smallint,
                genres      text[]      NOT NULL DEFAULT '{}',
                runtime     integer,
                source      text        NOT NULL,
                updated_at  timestamptz NOT NULL DEFAULT now()
            )
            """,
            "COMMENT ON COLUMN movies.source IS 'where the row came from: api, jsonl:<file>, recbole:<file>'",
            """
            CREATE TABLE users (
                user_id     bigint      PRIMARY KEY,
                age         smallint,
                occupation  text,
                gender      text,
                source      text        NOT NULL,
                updated_at  timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE catalog_rejects (
                kind    text        NOT NULL CHECK (kind IN ('movie', 'user')),
                key     text        NOT NULL,
                source  text        NOT NULL,
                raw     bytea       NOT NULL,
                reason  text        NOT NULL,
                at      timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (kind, key, source)
            )
            """,
            "COMMENT ON TABLE catalog_rejects IS 'metadata answers or file rows that could not be used, kept verbatim'",
            """
            CREATE TABLE validation_reports (
                id               bigserial   PRIMARY KEY,
                created_at       timestamptz NOT NULL DEFAULT now(),
                target           text        NOT NULL,
                snapshot         jsonb       NOT NULL,
                input_rows       bigint      NOT NULL,
                reject_rows      bigint      NOT NULL,
                max_reject_rate  double precision NOT NULL,
                verdict          text        NOT NULL CHECK (verdict IN ('pass', 'warn', 'block')),
                summary          text        NOT NULL,
                report           jsonb       NOT NULL
            )
            """,
            "CREATE INDEX validation_reports_target ON validation_reports (target, created_at DESC)",
            """
            CREATE TABLE drift_reports (
                id          bigserial   PRIMARY KEY,
                created_at  timestamptz NOT NULL DEFAULT now(),
                reference   jsonb,
                current     jsonb       NOT NULL,
                verdict     text        NOT NULL CHECK (verdict IN ('pass', 'warn', 'block')),
                summary     text        NOT NULL,
                report      jsonb       NOT NULL
            )
            """,
            "CREATE INDEX drift_reports_created ON drift_reports (created_at DESC)",
            """
            CREATE TABLE models (
                version       text        PRIMARY KEY,
                kind          text        NOT NULL,
                status        text        NOT NULL CHECK (status IN ('candidate', 'promoted', 'retired')),
                params        jsonb       NOT NULL,
                data_snapshot jsonb       NOT NULL,
                metrics       jsonb       NOT NULL DEFAULT '{}',
                code_version  text        NOT NULL,
                manifest      jsonb       NOT NULL,
                artifact      bytea       NOT NULL,
                created_at    timestamptz NOT NULL DEFAULT now(),
                promoted_at   timestamptz
            )
            """,
            "COMMENT ON COLUMN models.artifact IS 'the model file itself, so any serving replica can load it'",
            "CREATE INDEX models_kind_status ON models (kind, status, created_at DESC)",
        ])
}
