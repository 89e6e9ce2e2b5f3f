import Foundation
import Synchronization
import Testing
import XStreamCore
import XStreamTestSupport

@testable import XStreamEngine

/// Random combinations of options and values — huge, negative, zero, NaN, infinite, empty, Unicode, garbage
/// — on tiny inputs: every run of the real binary ends with exit status 0, 1 or 2 and one clean message,
/// never a signal (a Swift runtime trap is SIGILL or SIGTRAP).
@Suite struct CommandLinePropertyTests {
    /// The number of random runs, and the seed that fixes them: a failure names its case's index.
    static let runs = 200
    static let seed: UInt64 = 0x5EED_0012

    static let numbers = [
        "0", "-0", "1", "-1", "2", "3", "1.5", "0.4999", "0.5", "27", "31", "32", "1024", "1025", "65536",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616",
        "99999999999999999999999", "1e3", "1e308", "1e309", "-1e309", "1e-300", "4.9e-324", "nan", "NaN", "inf",
        "-inf", "infinity", "", " ", "abc", "0x10", "1_000", "١٢", "½", "💥", "\u{1}", "1\n2",
    ]
    static let sizes =
        numbers + [
            "1K", "1k", "1M", "1G", "2G", "1T", "1KiB", "1MB", "0K", "-1K", "K", "B", "1.5K", "1048577K",
            "9223372036854775807K", "17179869184G", "1ᴷ", "ＭＭ",
        ]
    static let percents = numbers + numbers.map { $0 + "%" } + ["%", "%%", "50%", "100%", "100.0001%", "1e-320%"]
    static let expressions = [
        "mae > 0.3", "mae>0.3", "cross_entropy >= 1e308", "rows < 1e400", "mae > nan", "mae > inf", "mae <= -inf",
        "accuracy < 0.5", "invalid_rows > -1", "rows >= 9223372036854775807", ">", "<", "mae", "mae >", "> 3",
        "mae <> 3", "mae => 3", "mae < 3 < 4", "", "💥 > 1", "mae\u{0} > 1", "mse > 1", "rmse < 0", "nope > 1",
    ]
    static let limits = [
        "mae=1%", "mae=0", "mae=1e308%", "mae=1e308", "cross_entropy=0.5%", "accuracy=0.002", "rows=5", "rows=1%",
        "invalid_rows=0", "mae=-1", "mae=nan", "mae=inf%", "mae=", "=1", "mae", "mae==1", "mae=1%%", "mse=1",
        "rmse=0%", "💥=1",
    ]
    static let names = [
        "label", "pred", "p0,p1", "p0,p1,p2", "t0,t1", "q0,q1", "y", "yhat", "0", "1", "0,1", "", ",", "label,label",
        "label,pred", " pred ", "é", "\u{1}", String(repeating: "x", count: 500), "pred,", "💥",
    ]
    static let delimiters = [
        ",", "tab", "\\t", ";", "|", " ", "", "ab", "é", "\"", "\n", "\r", "1", ".", "-", "e", "\u{0}",
    ]
    static let tasks = ["binary", "multiclass", "soft", "regression", "", "BINARY", "garbage"]
    static let baselines = [
        "{\"task\": \"binary\", \"rows\": 1, \"metrics\": {\"mae\": 1e-300, \"cross_entropy\": 1e308, \"accuracy\": 0}}",
        "{\"task\": \"binary\", \"rows\": -9223372036854775808, \"metrics\": {\"mae\": -1e-320, \"cross_entropy\": \"NaN\"}}",
        "{\"task\": \"binary\", \"metrics\": {\"mae\": \"Infinity\", \"cross_entropy\": \"-Infinity\", \"accuracy\": 5e-324}}",
        "{\"task\": \"regression\", \"rows\": 99999999999999999999, \"metrics\": {\"mae\": 0, \"mse\": 1e-310, \"rmse\": -0.0}}",
        "{\"task\": \"multiclass\", \"metrics\": {\"mae\": 1e300, \"cross_entropy\": 1e-300, \"accuracy\": 1}}",
        "{\"task\": \"soft\", \"metrics\": {\"mae\": 2, \"cross_entropy\": 3}}", "{\"task\": 3}", "[]", "", "{",
        "{\"task\": \"binary\", \"metrics\": []}", String(repeating: "[", count: 10000),
        "{\"task\": \"\\u0000\\ud800\", \"metrics\": {\"mae\": 1}}", "\u{FEFF}{}", "nul\u{0}l",
    ]

    /// Tiny inputs of every kind the readers meet, written once into a fresh folder.
    static func makeInputs(in folder: URL) throws -> [String] {
        let texts: [(String, String)] = [
            ("binary.csv", "label,pred\n1,0.9\n0,0.2\n1,0.5\n"),
            ("multiclass.csv", "label,p0,p1,p2\n0,0.7,0.2,0.1\n2,0.1,0.1,0.8\n"),
            ("soft.csv", "t0,t1,q0,q1\n0.5,0.5,0.1,0.9\n"),
            ("regression.csv", "y,yhat,label,pred\n1e300,-1e300,1,0.5\n-1e-300,5e-324,0,1\n"),
            ("invalid.csv", "label,pred\n1,abc\n2,0.5\n1,nan\n1,1e999\n0,\"0.5\n1,0.5,3\n\n1,0.7\n"),
            ("tabs.csv", "label\tpred\n1\t0.5\n"), ("header-only.csv", "label,pred\n"), ("empty.csv", ""),
            ("unicode.csv", "é,💥,label,pred\n1,2,1,0.5\n"), ("crlf.csv", "label,pred\r\n1,0.25\r\n"),
        ]
        for (name, text) in texts {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        for name in ["npy/binary-0.npy", "npy/binary-1.npy.zst", "binary/part-1.csv.zst", "binary/part-2.csv.lz4"] {
            let target = folder.appendingPathComponent(name.replacingOccurrences(of: "/", with: "-"))
            try FileManager.default.copyItem(at: CommandLineTests.fixtures.appendingPathComponent(name), to: target)
        }
        for (index, text) in baselines.enumerated() {
            try Data(text.utf8).write(to: folder.appendingPathComponent("baseline-\(index).json"))
        }
        return texts.map(\.0) + ["npy-binary-0.npy", "npy-binary-1.npy.zst", "binary-part-1.csv.zst"]
            + ["binary-part-2.csv.lz4", "-", "missing.csv", "."]
    }

    /// Tasks with columns and inputs that fit them, so that most runs get as far as a report.
    static let scenarios: [(task: String, columns: [String], inputs: [String])] = [
        ("binary", ["--pred", "pred"], ["binary.csv", "npy-binary-0.npy", "binary-part-1.csv.zst", "crlf.csv"]),
        ("binary", ["--pred", "pred"], ["invalid.csv", "unicode.csv", "header-only.csv", "empty.csv", "-"]),
        ("multiclass", ["--pred", "p0,p1,p2"], ["multiclass.csv"]),
        ("soft", ["--label", "t0,t1", "--pred", "q0,q1"], ["soft.csv"]),
        ("regression", ["--label", "y", "--pred", "yhat"], ["regression.csv"]),
        ("regression", ["--pred", "pred"], ["binary.csv", "regression.csv", "npy-binary-1.npy.zst"]),
    ]

    /// One random command line: a scenario that fits, then options, each now and then with a hostile value.
    static func arguments(_ generator: inout SplitMix64, inputs: [String]) -> [String] {
        func pick(_ values: [String]) -> String { values.randomElement(using: &generator)! }
        func maybe(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < probability }
        /// Usually a good value, sometimes (one time in six) a hostile one.
        func value(_ good: [String], _ hostile: [String]) -> String { maybe(1.0 / 6) ? pick(hostile) : pick(good) }
        let scenario = scenarios.randomElement(using: &generator)!
        let convert = maybe(0.2)
        var options: [[String]] = []
        if !convert {
            options.append(["--task", value([scenario.task], tasks)])
            if maybe(0.2) { options.append(["--eps", value(["0", "1e-300", "0.1", "0.4999"], numbers)]) }
            if maybe(0.2) { options.append(["--sum-tolerance", value(["0", "0.001", "1e308"], numbers)]) }
            if maybe(0.5) { options.append(["--skip-invalid"]) }
            if maybe(0.3) { options.append(["--max-invalid", value(["0", "5", "50%", "100%", "0%"], percents)]) }
            if maybe(0.3) { options.append(["--threads", value(["1", "2", "3", "64"], numbers)]) }
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                options.append(["--fail-if", value(Array(expressions.prefix(12)), expressions)])
            }
            if maybe(0.4) {
                options.append([
                    "--baseline", "baseline-\(Int.random(in: 0..<baselines.count, using: &generator)).json",
                ])
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    options.append([
                        maybe(0.5) ? "--max-increase" : "--max-decrease", value(Array(limits.prefix(9)), limits),
                    ])
                }
            }
            if maybe(0.4) { options.append(["--json"]) }
            if maybe(0.3) {
                options.append(["-o", value(["report.json", "/dev/null"], ["/dev/full", ".", "no/dir.json", ""])])
            }
            if maybe(0.1) { options.append([pick(["--progress", "--no-progress"])]) }
            if maybe(0.3) { options.append(["--chunk-size", value(["1", "7", "64", "1K", "1M"], sizes)]) }
            if maybe(0.2) { options.append(["--max-line-length", value(["1", "16", "1K", "4M"], sizes)]) }
            if maybe(0.15) { options.append(["--max-window-log", value(["10", "20", "27", "31"], numbers)]) }
        } else {
            options.append([
                "-o", value(["out.npy", "out.npy.zst", "out.npy.lz4"], ["out.csv", "/dev/full", ".npy", ""]),
            ])
            if maybe(0.4) { options.append(["--dtype", value(["f4", "f8"], ["f2", "", "F8", "💥"])]) }
            if maybe(0.4) { options.append(["--level", value(["0", "1", "19"], numbers)]) }
        }
        var columns = scenario.columns
        if maybe(1.0 / 6) { columns = [pick(["--label", "--pred"]), pick(names)] }
        options.append(columns)
        if maybe(0.1) { options.append(["--delimiter", value([",", "tab"], delimiters)]) }
        if maybe(0.03) { options.append([pick(["--", "-x", "--nope", "--threads"])]) }
        options.shuffle(using: &generator)
        var arguments = [convert ? "convert" : "eval"] + options.flatMap { $0 }
        for _ in 0..<Int.random(in: 1...2, using: &generator) {
            arguments.append(maybe(0.1) ? pick(inputs) : pick(scenario.inputs))
        }
        return arguments
    }

    @Test func noTrapIsReachableFromTheCommandLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xstream-prop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let inputs = try Self.makeInputs(in: folder)
        var generator = SplitMix64(seed: Self.seed)
        let cases = (0..<Self.runs).map { _ in Self.arguments(&generator, inputs: inputs) }
        let failures = Mutex<[String]>([])
        // Four runs at a time: each is short and mostly waiting on process start-up.
        DispatchQueue.concurrentPerform(iterations: 4) { lane in
            for index in stride(from: lane, to: cases.count, by: 4) {
                let arguments = cases[index]
                let problem: String?
                do {
                    let outcome = try ChildProcess.run(
                        CommandLineTests.binary, arguments, input: Data(), in: folder, timeLimit: 60)
                    problem = Self.problem(with: outcome, progress: arguments.contains("--progress"))
                } catch {
                    problem = "could not run: \(error)"
                }
                if let problem { failures.withLock { $0.append("case \(index) \(arguments): \(problem)") } }
            }
        }
        for failure in failures.withLock({ $0 }) { Issue.record(Comment(rawValue: failure)) }
    }

    /// What is wrong with how a run ended, or nil.
    /// - Parameter progress: Whether a progress line was asked for (it is drawn with control characters).
    static func problem(with outcome: ChildProcess.Outcome, progress: Bool) -> String? {
        if outcome.signaled { return "ended by signal \(outcome.status): \(outcome.error.suffix(400))" }
        guard [0, 1, 2].contains(outcome.status) else { return "exit status \(outcome.status)" }
        let clearLine = "\r\u{1B}[2K"
        let messages = progress ? String(outcome.error.components(separatedBy: clearLine).last!) : outcome.error
        for line in messages.split(separator: "\n") {
            if line.utf8.count >= 300 { return "an error line of \(line.utf8.count) bytes: \(line.prefix(200))" }
            if line.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{FFFD}" }) {
                return "control characters in \(line.debugDescription)"
            }
        }
        if outcome.status == 2, !outcome.error.contains("rror") { return "exit 2 without a message" }
        return nil
    }
}
