extension Migration {
    /// The served log is stored a write at a time: one `served_batches` row per batch of
    /// answers, its columns as arrays, keyed by the batch's name.
    ///
    /// A row per answer is most of what the served log costs PostgreSQL (the COPY text parser, a
    /// heap tuple, its WAL record), on the same cores that answer requests: in 10 s runs at 64
    /// connections, p99 was 6.8–7.2 ms with the write and 4.0–5.7 ms for the same server
    /// skipping it. 200,000 answers in 143 writes took the backend 0.37–0.42 s of CPU as COPY
    /// rows, and 0.18 s as one row per write, its arrays sent in binary and stored uncompressed
    /// (`STORAGE EXTERNAL`: lz4 cost 0.22 s, pglz 1.49 s). While serving, the backend's CPU per
    /// 100,000 answers fell from 0.31 to 0.19 s. So:
    /// - `served_batches` holds the answers' columns as parallel arrays, the batch's first and
    ///   last `at`, and its name as the primary key. A spooled batch keeps the name of the
    ///   write that failed with it, so a replay after a write that committed late (or after a
    ///   replay that committed before a crash) stores nothing twice: the key refuses it. This
    ///   replaces migration 7's list of replayed batches, whose names are kept as empty batches.
    /// - `served` keeps its columns (a view unnesting the arrays) and still takes inserts (each
    ///   a batch of one answer).
    ///
    /// On a filled table this rewrites every row once, 5,000 answers to a batch.
    static let v008ServedBatches = Migration(
        version: 8, name: "served_batches",
        statements: [
            "DROP VIEW served",
            "DROP FUNCTION served_insert()",
            "ALTER TABLE served_batches RENAME TO served_replays_v7",
            """
            CREATE TABLE served_batches (
                batch           text COLLATE "C" PRIMARY KEY,
                first_at        timestamptz   NOT NULL,
                last_at         timestamptz   NOT NULL,
                request_ids     text[]        NOT NULL,
                user_ids        bigint[]      NOT NULL,
                ats             timestamptz[] NOT NULL,
                provenance_ids  integer[]     NOT NULL,
                lines           text[]        NOT NULL,
                latencies_us    integer[]     NOT NULL,
                bases           text[]        NOT NULL,
                fallbacks       text[]        NOT NULL
            )
            """,
            """
            ALTER TABLE served_batches
                ALTER COLUMN request_ids SET STORAGE EXTERNAL, ALTER COLUMN user_ids SET STORAGE EXTERNAL,
                ALTER COLUMN ats SET STORAGE EXTERNAL, ALTER COLUMN provenance_ids SET STORAGE EXTERNAL,
                ALTER COLUMN lines SET STORAGE EXTERNAL, ALTER COLUMN latencies_us SET STORAGE EXTERNAL,
                ALTER COLUMN bases SET STORAGE EXTERNAL, ALTER COLUMN fallbacks SET STORAGE EXTERNAL
            """,
            "CREATE INDEX served_batches_last_at ON served_batches (last_at)",
            """
            INSERT INTO served_batches
                SELECT 'v7-' || chunk, min(at), max(at), array_agg(request_id ORDER BY at, request_id),
                       array_agg(user_id ORDER BY at, request_id), array_agg(at ORDER BY at, request_id),
                       array_agg(provenance_id ORDER BY at, request_id), array_agg(line ORDER BY at, request_id),
                       array_agg(latency_us ORDER BY at, request_id), array_agg(basis ORDER BY at, request_id),
                       array_agg(fallback ORDER BY at, request_id)
                FROM (SELECT *, (row_number() OVER (ORDER BY at, request_id) - 1) / 5000 AS chunk FROM served_lines) l
                GROUP BY chunk
            """,
            """
            INSERT INTO served_batches
                SELECT batch, replayed_at, replayed_at, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'
                FROM served_replays_v7
                ON CONFLICT DO NOTHING
            """,
            "DROP TABLE served_lines",
            "DROP TABLE served_replays_v7",
            """
            COMMENT ON TABLE served_batches IS
                'the served log, a write at a time: element i of each array is answer i of the batch'
            """,
            "COMMENT ON COLUMN served_batches.batch IS 'the batch''s name: a server run''s id and its number in that run'",
            "COMMENT ON COLUMN served_batches.provenance_ids IS 'served_provenance.id: experiment, variant, model, data, code'",
            "COMMENT ON COLUMN served_batches.lines IS 'the answers'' bodies: movie ids, best first, joined by commas'",
            "COMMENT ON COLUMN served_batches.bases IS 'how each list was made: model (known user), fold_in, cold_start'",
            """
            COMMENT ON COLUMN served_batches.fallbacks IS
                'why the popularity list replaced the variant''s answer (deadline), else NULL'
            """,
            """
            CREATE VIEW served AS
                SELECT a.request_id, a.user_id, a.at, p.experiment_id, p.variant, p.model_version, p.data_id,
                       p.code_version, string_to_array(a.line, ',') AS items, a.latency_us, a.basis, a.fallback
                FROM served_batches b
                CROSS JOIN LATERAL unnest(b.request_ids, b.user_ids, b.ats, b.provenance_ids, b.lines, b.latencies_us,
                                          b.bases, b.fallbacks)
                    AS a(request_id, user_id, at, provenance_id, line, latency_us, basis, fallback)
                JOIN served_provenance p ON p.id = a.provenance_id
            """,
            """
            CREATE FUNCTION served_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO served_batches
                VALUES ('insert-' || gen_random_uuid(), NEW.at, NEW.at, ARRAY[NEW.request_id], ARRAY[NEW.user_id],
                        ARRAY[NEW.at],
                        ARRAY[served_provenance_id(NEW.experiment_id, NEW.variant, NEW.model_version, NEW.data_id,
                                                   NEW.code_version)],
                        ARRAY[array_to_string(NEW.items, ',')], ARRAY[NEW.latency_us], ARRAY[NEW.basis],
                        ARRAY[NEW.fallback]);
                RETURN NEW;
            END
            $$
            """,
            "CREATE TRIGGER served_insert INSTEAD OF INSERT ON served FOR EACH ROW EXECUTE FUNCTION served_insert()",
        ])
}
