extension Migration {
    /// The served log keeps each answer's list as the line that was sent (`items text`: movie
    /// ids, best first, joined by commas) instead of a `text[]`. Parsing an array literal was
    /// the largest part of PostgreSQL's work per row: a `COPY` of 200,000 served rows took
    /// 0.88 s with `text[]` and 0.54 s with the line. The line is also exactly the body the
    /// client got, which is what attribution compares. SQL that wants the ids one by one uses
    /// `string_to_array(items, ',')` (movie ids never contain a comma). On a filled table this
    /// rewrites every row once.
    static let v006ServedLines = Migration(
        version: 6, name: "served_lines",
        statements: [
            "ALTER TABLE served ALTER COLUMN items TYPE text USING array_to_string(items, ',')"
        ])
}
