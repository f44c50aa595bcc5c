extension Migration {
    /// The served log's rows keep each answer's list as the line that was sent, and `served`
    /// becomes a view that reads it as the `items text[]` the design documents.
    ///
    /// Every answer adds a row, and parsing its `text[]` literal was PostgreSQL's largest cost
    /// per row: a `COPY` of 200,000 served rows took 0.88 s into `text[]` and 0.54 s into `text`
    /// (storing both, with a generated array column, took longer than the array alone). So the
    /// table is `served_lines`, whose `line` is the body exactly as the client got it (movie ids
    /// joined by commas; ids never contain one), and the server writes there. `served` shows the
    /// same rows with `items` split by `string_to_array`, and takes inserts through a trigger that
    /// joins `items` back, so SQL written against the documented table keeps working. On a filled
    /// table this rewrites every row once.
    static let v006ServedLines = Migration(
        version: 6, name: "served_lines",
        statements: [
            "ALTER TABLE served RENAME TO served_lines",
            "ALTER TABLE served_lines ALTER COLUMN items TYPE text USING array_to_string(items, ',')",
            "ALTER TABLE served_lines RENAME COLUMN items TO line",
            """
            CREATE VIEW served AS
                SELECT request_id, user_id, at, experiment_id, variant, model_version, data_id, code_version,
                       string_to_array(line, ',') AS items, latency_us, basis, fallback
                FROM served_lines
            """,
            """
            CREATE FUNCTION served_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO served_lines (request_id, user_id, at, experiment_id, variant, model_version, data_id,
                                          code_version, line, latency_us, basis, fallback)
                VALUES (NEW.request_id, NEW.user_id, NEW.at, NEW.experiment_id, NEW.variant, NEW.model_version,
                        NEW.data_id, NEW.code_version, array_to_string(NEW.items, ','), NEW.latency_us, NEW.basis,
                        NEW.fallback);
                RETURN NEW;
            END
            $$
            """,
            "CREATE TRIGGER served_insert INSTEAD OF INSERT ON served FOR EACH ROW EXECUTE FUNCTION served_insert()",
        ])
}
