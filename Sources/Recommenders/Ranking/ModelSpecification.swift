/// What to train: a model kind and all its parameters (they go to the manifest verbatim).
public enum ModelSpecification: Sendable, Hashable {
    /// Implicit-feedback ALS with the confidence mapping applied to interactions.
    case als(ALSConfiguration, confidence: ConfidenceMapping)
    /// Popularity with recency decay plus the user-genre boost.
    case popGenre(PopGenreConfiguration)

    /// `als` or `popgenre`: the registry's `kind`.
    public var kind: String {
        switch self {
        case .als: "als"
        case .popGenre: "popgenre"
        }
    }

    /// Fits the model to `index`; `genresByMovie` feeds PopGenre, `progress` hears each ALS pass.
    public func fit(
        _ index: InteractionIndex, genresByMovie: [String: [String]] = [:],
        progress: (ALSTrainer.Progress) -> Void = { _ in }
    ) -> any Recommender {
        switch self {
        case .als(let configuration, let confidence):
            let model = ALSTrainer(configuration: configuration).train(
                index.matrix(confidence: confidence), progress: progress)
            return ALSRecommender(index: index, model: model)
        case .popGenre(let configuration):
            return PopGenreModel(index: index, genresByMovie: genresByMovie, configuration: configuration)
        }
    }
}

extension ModelSpecification: Codable {
    enum CodingKeys: String, CodingKey { case kind, als, confidence, popgenre }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "als":
            self = .als(
                try container.decode(ALSConfiguration.self, forKey: .als),
                confidence: try container.decode(ConfidenceMapping.self, forKey: .confidence))
        case "popgenre": self = .popGenre(try container.decode(PopGenreConfiguration.self, forKey: .popgenre))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "model kind \"\(other)\" is neither als nor popgenre")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .als(let configuration, let confidence):
            try container.encode(configuration, forKey: .als)
            try container.encode(confidence, forKey: .confidence)
        case .popGenre(let configuration): try container.encode(configuration, forKey: .popgenre)
        }
    }
}
