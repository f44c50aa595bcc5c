import Evaluation
import Foundation
import Recommenders

/// The options of `marquee-bench serve-model`.
struct ServeModelOptions {
    var recbole: String?
    var users: Int?
    var items: Int?
    var factors = 64
    var seenPerUser = 20
    var seed: UInt64 = 7
    var out: String?

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { fail("\(flag) needs a value") }
            func count() -> Int {
                guard let parsed = Int(value), parsed > 0 else { fail("\(flag) takes a positive count, not \(value)") }
                return parsed
            }
            switch flag {
            case "--recbole": recbole = value
            case "--users": users = count()
            case "--items": items = count()
            case "--factors": factors = count()
            case "--seen-per-user": seenPerUser = count()
            case "--seed":
                guard let parsed = UInt64(value) else { fail("--seed takes a number, not \(value)") }
                seed = parsed
            case "--out": out = value
            default: fail("unknown option \(flag)")
            }
        }
        guard out != nil else { fail("serve-model needs --out DIR") }
        guard (recbole == nil) != (users == nil || items == nil) else {
            fail("serve-model takes --recbole DIR or both --users N and --items N")
        }
        if let items, seenPerUser >= items { fail("--seen-per-user must be below --items") }
    }
}

/// `marquee-bench serve-model`: a model directory as `marquee train` writes one (`model.bin`
/// through the normal artifact encoder, and `manifest.json`), for the serving benchmark:
///   --recbole DIR           ALS (default confidence, `factors`) fitted on every interaction of DIR
///   --users N --items M     random factors for N users × M movies (no training), each user with
///                           `seen-per-user` random seen movies; cold start = the most-seen movies
/// Prints one JSON line: the version, users, items, factors and seconds taken.
func runServeModel(_ arguments: [String]) {
    let options = ServeModelOptions(arguments)
    let clock = ContinuousClock()
    let started = clock.now
    var configuration = ALSConfiguration()
    configuration.factors = options.factors
    let version: String
    let recommender: ALSRecommender
    let tables: [String: Int]
    var iterations: [ModelManifest.Training.Iteration] = []
    let gateDetail: String
    if let directory = options.recbole {
        let url = URL(fileURLWithPath: directory)
        let files: RecBoleFiles
        do { files = try RecBoleFiles(directory: url) } catch { fail("\(error)") }
        let index = InteractionIndex(files.interactions)
        let model = ALSTrainer(configuration: configuration).train(index.matrix(confidence: ConfidenceMapping())) {
            iterations.append(.init(loss: $0.loss, seconds: seconds($0.duration)))
        }
        recommender = ALSRecommender(index: index, model: model)
        version = "als-bench-" + url.lastPathComponent.replacingOccurrences(of: "-", with: "")
        tables = ["\(url.lastPathComponent).inter": files.interactions.count]
        gateDetail = "benchmark model from files: not validated"
    } else {
        let (users, items) = (options.users!, options.items!)
        configuration.iterations = 0  // honest: random factors, no ALS pass
        configuration.seed = options.seed
        recommender = syntheticModel(users: users, items: items, options: options)
        version = "als-bench-\(users)x\(items)"
        tables = ["synthetic-\(users)x\(items)-seed\(options.seed)": users * options.seenPerUser]
        gateDetail = "synthetic benchmark model (random factors): not validated"
    }
    let specification = ModelSpecification.als(configuration, confidence: ConfidenceMapping())
    let artifact: Data
    do { artifact = try ModelArtifact.encode(recommender, specification: specification) } catch { fail("\(error)") }
    let index = recommender.index
    let range = index.timeRange
    let missing = ModelManifest.Gate.Check(verdict: "missing", reportID: nil, detail: gateDetail)
    let manifest = ModelManifest(
        version: version, kind: "als", createdAt: rfc3339(Date()), params: specification,
        data: .init(
            source: "files", tables: tables, offsets: [], contentHash: index.contentHash,
            rows: index.interactions.count, users: index.users, items: index.items,
            timeRange: .init(
                from: range.map { rfc3339(Date(timeIntervalSince1970: Double($0.lowerBound) / 1e6)) },
                to: range.map { rfc3339(Date(timeIntervalSince1970: Double($0.upperBound) / 1e6)) })),
        code: .current(),
        gate: .init(validation: missing, drift: missing, override: nil),
        metrics: [:],  // not measured offline: these models exist to be served
        training: .init(
            seconds: seconds(started.duration(to: clock.now)), peakRSSBytes: peakResidentBytes(),
            iterations: iterations),
        artifact: .init(file: "model.bin", bytes: artifact.count, sha256: SHA256.hex(artifact)))
    // The layout of `marquee train`'s models directory: <dir>/model.bin and <dir>/manifest.json.
    let directory = URL(fileURLWithPath: options.out!)
    do {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try artifact.write(to: directory.appendingPathComponent("model.bin"))
        try manifest.json().write(to: directory.appendingPathComponent("manifest.json"))
    } catch { fail("cannot write \(directory.path): \(error)") }
    print(
        "{\"model\": \"\(version)\", \"users\": \(index.users), \"items\": \(index.items), "
            + "\"factors\": \(options.factors), \"artifact_bytes\": \(artifact.count), "
            + "\"seconds\": \(seconds(started.duration(to: clock.now)))}")
}

/// Random factors, uniform in [-0.1, 0.1), for users 1...`users` and movies `movie+<n>+<year>`
/// (valid MovieLog slugs); each user has seen `seenPerUser` distinct random movies.
private func syntheticModel(users: Int, items: Int, options: ServeModelOptions) -> ALSRecommender {
    var random = SplitMix(seed: options.seed)
    // InteractionIndex numbers movies by id as text: sort the ids so position = item index.
    let movieIDs = (0..<items).map { "movie+\($0 + 1)+\(1950 + $0 % 75)" }.sorted()
    let base: Int64 = 1_767_225_600_000_000  // 2026-01-01T00:00:00Z in µs
    var interactions: [Interaction] = []
    interactions.reserveCapacity(users * options.seenPerUser)
    var chosen = Set<Int>()
    for user in 1...users {
        chosen.removeAll(keepingCapacity: true)
        while chosen.count < options.seenPerUser { chosen.insert(random.below(items)) }
        // Sorted by (user, movie) and distinct: InteractionIndex takes them as they are.
        for item in chosen.sorted() {
            interactions.append(
                Interaction(
                    userID: Int64(user), movieID: movieIDs[item], minutesWatched: 1 + random.below(120), rating: nil,
                    at: base + Int64(random.below(30 * 86_400)) * 1_000_000))
        }
    }
    let index = InteractionIndex(interactions)
    func factors(_ rows: Int) -> [Float] { (0..<rows * options.factors).map { _ in random.unit() * 0.2 - 0.1 } }
    let model = ALSModel(factors: options.factors, userFactors: factors(index.users), itemFactors: factors(index.items))
    return ALSRecommender(index: index, model: model)  // cold start: the 100 most-seen movies
}


private func rfc3339(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
}
