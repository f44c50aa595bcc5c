import Foundation

/// Files of the repository the tests were built from, found from this source file's path
/// (symlinks resolved, so a scratch package linking these sources finds the real repository).
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // QualityTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static var schemas: URL { root.appendingPathComponent("schemas") }
    static var fixtures: URL { root.appendingPathComponent("Tests/QualityTests/Fixtures") }
    static var crossCheckScript: URL { root.appendingPathComponent("scripts/schema-crosscheck.py") }
}
