import Foundation
import Testing
import XStreamCore
import XStreamTestSupport

/// The real `xstream` binary for the reliability suites: runs it in a folder and reads what it left.
enum XStreamBinary {
    static let fixtures = CommandLineTests.fixtures

    /// What a run left behind, with standard output as text.
    struct Outcome {
        var status: Int32
        var signaled: Bool
        var output: String
        var error: String
    }

    /// Runs `xstream` with `arguments` in `folder` (the fixtures when nil).
    @discardableResult
    static func run(_ arguments: [String], input: Data? = nil, in folder: URL? = nil, timeLimit: Int = 60) throws
        -> Outcome
    {
        let outcome = try ChildProcess.run(
            CommandLineTests.binary, arguments, input: input, in: folder ?? fixtures, timeLimit: timeLimit)
        return Outcome(
            status: outcome.status, signaled: outcome.signaled, output: String(decoding: outcome.output, as: UTF8.self),
            error: outcome.error)
    }

    /// The oracle's expected report `Fixtures/expected/NAME.json`.
    static func expected(_ name: String) throws -> JSONValue {
        try JSONValue.parse(
            String(contentsOf: fixtures.appendingPathComponent("expected/\(name).json"), encoding: .utf8))
    }

    /// The JSON report of a run that must exit 0 (null when it printed none).
    static func report(_ arguments: [String], in folder: URL? = nil) throws -> JSONValue {
        let outcome = try run(arguments, in: folder)
        #expect(outcome.status == 0, "\(arguments): \(outcome.error)")
        return (try? JSONValue.parse(outcome.output)) ?? .null
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xstream-rel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The names in `folder`, hidden ones included, sorted.
    static func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    /// The binary fixture's first shard, by absolute path.
    static var shard: String { fixtures.appendingPathComponent("binary/part-0.csv").path }
}
