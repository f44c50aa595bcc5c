import ArgumentParser
import Foundation

/// The admin bearer token of `serve` and `retrain`: the `--admin-token-file`'s contents, else
/// `$MARQUEE_ADMIN_TOKEN`, else none.
enum AdminTokenText {
    static func read(file: String?) throws -> String? {
        if let file {
            do {
                return try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw ValidationError("cannot read --admin-token-file \(file): \(error.localizedDescription)")
            }
        }
        return ProcessInfo.processInfo.environment["MARQUEE_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
