import HTTPTypes

/// The provenance headers of every `/recommend` answer (the served log keeps the same fields).
public enum ServingHeaders {
    /// The experiment variant that answered.
    public static let variant = HTTPField.Name("X-Marquee-Variant")!
    /// The model version.
    public static let model = HTTPField.Name("X-Marquee-Model")!
    /// The model's data snapshot id.
    public static let data = HTTPField.Name("X-Marquee-Data")!
    /// The code version the model was trained with.
    public static let code = HTTPField.Name("X-Marquee-Code")!
    /// The experiment id.
    public static let experiment = HTTPField.Name("X-Marquee-Experiment")!
    /// How the list was made: `model`, `fold_in` or `cold_start`.
    public static let basis = HTTPField.Name("X-Marquee-Basis")!
    /// Present when the popularity list replaced the variant's answer; says why (`deadline`).
    public static let fallback = HTTPField.Name("X-Marquee-Fallback")!
    /// The request's id, also the served log's key.
    public static let requestID = HTTPField.Name("X-Request-Id")!
}
