import Foundation

extension ModelManifest.CodeVersion {
    /// The code running now: `$MARQUEE_CODE_VERSION` when set (a container image stamps it at
    /// build time as `<commit>` or `<commit>-dirty`), otherwise the git commit and dirty flag
    /// of the source tree this binary was built from, when it is still there; else `unknown`.
    public static func current() -> Self {
        if let stamped = ProcessInfo.processInfo.environment["MARQUEE_CODE_VERSION"], !stamped.isEmpty {
            let dirty = stamped.hasSuffix("-dirty")
            let commit = String(stamped.dropLast(dirty ? 6 : 0))
            return Self(version: stamped, commit: commit.count == 40 ? commit : nil, dirty: dirty)
        }
        // Sources/Recommenders/Artifacts/ModelManifest+Current.swift → the package root, four levels up.
        let root = URL(fileURLWithPath: sourceFile).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        guard let commit = git(["rev-parse", "HEAD"], in: root), commit.count == 40,
            let status = git(["status", "--porcelain", "--untracked-files=no"], in: root)
        else {
            return Self(version: "unknown", commit: nil, dirty: false)
        }
        let dirty = !status.isEmpty
        return Self(version: String(commit.prefix(12)) + (dirty ? "-dirty" : ""), commit: commit, dirty: dirty)
    }

    /// This file's path as compiled (a default argument would be the caller's path instead).
    private static let sourceFile = #filePath

    private static func git(_ arguments: [String], in directory: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
