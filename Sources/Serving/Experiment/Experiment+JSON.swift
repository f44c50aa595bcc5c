import Foundation

extension Experiment {
    private struct Document: Encodable {
        struct Variant: Encodable {
            var name: String
            var model: String
            var weight: Double
        }
        var id: String
        var salt: String
        var variants: [Variant]
    }

    /// The config as JSON (the format the file and `PUT /admin/experiment` accept).
    public func json() -> String {
        let document = Document(
            id: id, salt: salt,
            variants: variants.map { .init(name: $0.name, model: $0.model.description, weight: $0.weight) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(document), as: UTF8.self)) ?? "{}"
    }
}
