import Foundation
import Synchronization

/// What the server answers with: the experiment, its assignment and one loaded model per
/// variant. A state is built whole and swapped in whole, so a request sees one experiment and
/// one set of models from start to end, never half a reload. A class: a request takes it with
/// one retain, not one per field.
public final class ServingState: Sendable {
    public let experiment: Experiment
    public let assignment: Assignment
    /// The model of each variant, in the experiment's variant order.
    public let models: [ServingModel]
    /// The promoted version of each kind when this state was resolved (`promoted:<kind>`).
    public let promoted: [String: String]
    public let loadedAt: Date
    /// Each variant's metrics, resolved once.
    let counters: [ServingMetrics.VariantCounters]
    /// Each variant's provenance as the served log stores it.
    let provenances: [ServedProvenance]

    init(experiment: Experiment, models: [ServingModel], promoted: [String: String], metrics: ServingMetrics) {
        self.experiment = experiment
        counters = experiment.variants.map { metrics.counters(variant: $0.name) }
        assignment = Assignment(experiment)
        self.models = models
        provenances = zip(experiment.variants, models).map {
            ServedProvenance(experimentID: experiment.id, variant: $0.name, model: $1)
        }
        self.promoted = promoted
        loadedAt = Date()
    }
}

/// The current ``ServingState``, read by every request and replaced by reloads.
public final class ServingStateBox: Sendable {
    private let state = Mutex<ServingState?>(nil)

    public init() {}

    /// The state requests use now; nil until the first experiment resolved.
    public var current: ServingState? { state.withLock { $0 } }

    func replace(with newState: ServingState) { state.withLock { $0 = newState } }
}
