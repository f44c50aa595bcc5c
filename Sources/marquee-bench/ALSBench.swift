import Evaluation
import Foundation
import Recommenders

/// The options of `marquee-bench als`.
struct ALSBenchOptions {
    var recbole: String?
    var pairs: String?
    var configuration = ALSConfiguration()
    var repeats = 3

    init(_ arguments: [String]) {
        configuration.computesLoss = false  // timed like implicit's calculate_training_loss=False
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { fail("\(flag) needs a value") }
            func number<T: LosslessStringConvertible>(_: T.Type) -> T {
                guard let parsed = T(value) else { fail("\(flag) takes a number, not \(value)") }
                return parsed
            }
            switch flag {
            case "--recbole": recbole = value
            case "--pairs": pairs = value
            case "--solver":
                switch value {
                case "cg": configuration.solver = .conjugateGradient(steps: 3)
                case "cholesky": configuration.solver = .cholesky
                default: fail("--solver is cg or cholesky")
                }
            case "--cg-steps": configuration.solver = .conjugateGradient(steps: number(Int.self))
            case "--repeats": repeats = max(1, number(Int.self))
            case "--factors": configuration.factors = number(Int.self)
            case "--regularization": configuration.regularization = number(Float.self)
            case "--iterations": configuration.iterations = number(Int.self)
            case "--threads": configuration.threads = number(Int.self)
            case "--seed": configuration.seed = number(UInt64.self)
            default: fail("unknown option \(flag)")
            }
        }
        guard (recbole == nil) != (pairs == nil) else { fail("als takes one of --recbole DIR or --pairs FILE") }
    }
}

/// `marquee-bench als`: times `ALSTrainer.train` alone (the matrix is built before the clock
/// starts; no per-pass loss) `repeats` times and prints one JSON line with the median, the
/// process's peak RSS and, for a RecBole dataset, Recall@10/@20 on the leave-last-out split.
func runALS(_ arguments: [String]) {
    let options = ALSBenchOptions(arguments)
    let dataset: String
    let matrix: InteractionMatrix
    var evaluate: ((ALSModel) -> OfflineReport)?
    if let directory = options.recbole {
        let files: RecBoleFiles
        do { files = try RecBoleFiles(directory: URL(fileURLWithPath: directory)) } catch { fail("\(error)") }
        let split = LeaveLastOutSplit(files.interactions)
        let index = InteractionIndex(split.training)
        dataset = URL(fileURLWithPath: directory).lastPathComponent
        matrix = index.matrix(confidence: .counting)
        evaluate = { model in
            OfflineEvaluator().evaluate(ALSRecommender(index: index, model: model), on: split, name: "als")
        }
    } else {
        dataset = URL(fileURLWithPath: options.pairs!).lastPathComponent
        matrix = readPairs(options.pairs!)
    }
    let trainer = ALSTrainer(configuration: options.configuration)
    var times: [Double] = []
    var cpu: [Double] = []
    var model: ALSModel?
    let clock = ContinuousClock()
    for _ in 0..<options.repeats {
        let (start, startCPU) = (clock.now, cpuSeconds())
        model = trainer.train(matrix)
        times.append(seconds(start.duration(to: clock.now)))
        cpu.append(cpuSeconds() - startCPU)
    }
    let report = evaluate?(model!)
    let solver =
        switch options.configuration.solver {
        case .cholesky: "cholesky"
        case .conjugateGradient(let steps): steps == 3 ? "cg" : "cg\(steps)"
        }
    let configuration = options.configuration
    var fields: [(String, String)] = [
        ("side", "\"marquee\""), ("dataset", "\"\(dataset)\""), ("solver", "\"\(solver)\""),
        ("users", "\(matrix.rows)"), ("items", "\(matrix.columns)"), ("interactions", "\(matrix.count)"),
        ("factors", "\(configuration.factors)"), ("regularization", "\(configuration.regularization)"),
        ("iterations", "\(configuration.iterations)"), ("threads", "\(configuration.threads)"),
        ("fit_seconds", "[\(times.map { String($0) }.joined(separator: ", "))]"),
        ("median_seconds", "\(median(times))"),
        ("cpu_seconds", "[\(cpu.map { String($0) }.joined(separator: ", "))]"),
        ("peak_rss_bytes", "\(peakResidentBytes())"),
    ]
    if let report {
        fields.append(("recall_at_10", "\(report.metrics(at: 10)!.recall)"))
        fields.append(("recall_at_20", "\(report.metrics(at: 20)!.recall)"))
        fields.append(("evaluated_users", "\(report.evaluatedUsers)"))
    }
    print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
}

/// A users × items matrix (every value 2: confidence 1 + count) from a pairs file: a header of
/// three little-endian Int64 (users, items, pairs), then `pairs` (user, item) Int32 pairs, each
/// pair distinct (see Benchmarks/peers/als_synthetic.py). Built in compressed-row form directly.
func readPairs(_ path: String) -> InteractionMatrix {
    guard let data = FileManager.default.contents(atPath: path), data.count >= 24 else { fail("cannot read \(path)") }
    return data.withUnsafeBytes { raw -> InteractionMatrix in
        let users = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: Int64.self)))
        let items = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: Int64.self)))
        let count = Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: Int64.self)))
        guard raw.count == 24 + count * 8 else { fail("\(path): \(raw.count) bytes for \(count) pairs") }
        func pair(_ position: Int) -> (user: Int, item: Int32) {
            let offset = 24 + position * 8
            return (
                Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))),
                Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: Int32.self))
            )
        }
        var starts = [Int](repeating: 0, count: users + 1)
        for position in 0..<count {
            let (user, item) = pair(position)
            guard (0..<users).contains(user), (0..<Int32(items)).contains(item) else {
                fail("\(path): pair out of range")
            }
            starts[user + 1] += 1
        }
        for user in 0..<users { starts[user + 1] += starts[user] }
        var next = starts
        var columns = [Int32](repeating: 0, count: count)
        for position in 0..<count {
            let (user, item) = pair(position)
            columns[next[user]] = item
            next[user] += 1
        }
        for user in 0..<users { columns[starts[user]..<starts[user + 1]].sort() }
        return InteractionMatrix(
            rows: users, columns: items, rowStarts: starts, columnIndices: columns,
            values: [Float](repeating: 2, count: count))
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// User + system CPU time of the whole process (all threads) so far, in seconds: on a shared
/// machine, wall time over CPU time shows whether the fit had both cores.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// The process's peak resident memory in bytes (`getrusage`; Linux reports kilobytes).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
}
