import Foundation
import Testing
import XStreamCore

/// Baselines hold whatever an earlier run, or a person, wrote: every value gives a report, never a trap.
@Suite struct BaselineTests {
    private let folder: URL

    init() throws { folder = try XStreamBinary.temporaryFolder() }

    /// A real report of the shard with its task and metrics replaced: what a baseline edited by hand, or written
    /// by another tool, could hold.
    private func baseline(task: String = "\"binary\"", metrics: String) throws -> String {
        let outcome = try XStreamBinary.run(["eval", "--json", "--pred", "pred", XStreamBinary.shard])
        guard case .object(let members) = try JSONValue.parse(outcome.output) else { return "" }
        let replaced = try members.map { key, value in
            switch key {
            case "task": (key, try JSONValue.parse(task))
            case "metrics": (key, try JSONValue.parse(metrics))
            default: (key, value)
            }
        }
        return JSONValue.object(replaced).serialized()
    }

    private func run(baseline: String, _ gates: [String]) throws -> XStreamBinary.Outcome {
        let path = folder.appendingPathComponent("base.json").path
        try baseline.write(toFile: path, atomically: false, encoding: .utf8)
        return try XStreamBinary.run(["eval", "--pred", "pred", "--baseline", path] + gates + [XStreamBinary.shard])
    }

    @Test(arguments: ["1e-300", "-1e-300", "5e-324", "1e308", "-1.7976931348623157e308", "\"NaN\"", "\"-Infinity\""])
    func tinyHugeAndNonFiniteBaselineValues(value: String) throws {
        let baseline = try baseline(metrics: "{\"mae\": \(value), \"accuracy\": \(value)}")
        let outcome = try run(baseline: baseline, ["--max-increase", "mae=1%", "--max-decrease", "accuracy=0.5%"])
        #expect(!outcome.signaled, "\(outcome.error)")
        #expect([0, 1].contains(outcome.status), "\(outcome.error)")
        #expect(outcome.output.contains("mae max increase 1% vs baseline"))
    }

    @Test func theReportedCase() throws {
        let outcome = try run(baseline: baseline(metrics: "{\"mae\": 1e-300}"), ["--max-increase", "mae=1%"])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("FAILED"))
        #expect(outcome.output.contains("e+"), "a huge relative change in its shortest form: \(outcome.output)")
    }

    @Test func anUnreadableTaskIsEchoedCleanly() throws {
        let outcome = try run(
            baseline: baseline(task: "\"\\u0000\\ud800\"", metrics: "{\"mae\": 1}"), ["--max-increase", "mae=1%"])
        #expect(outcome.status == 2)
        #expect(outcome.error.contains("base.json: not an xstream JSON report (\"task\": "), "\(outcome.error)")
        #expect(outcome.error.utf8.count < 300)
        #expect(!outcome.error.dropLast().unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{FFFD}" })
    }
}
