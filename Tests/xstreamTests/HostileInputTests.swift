import Foundation
import Testing
import XStreamCore
import XStreamTestSupport

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Valid shards mutated at random (bit flips, truncations, inserted bytes, zeroed and duplicated regions,
/// shuffled lines): every run must end in a report (exit 0) or one clean error (exit 2) — never a crash,
/// a hang or memory growth beyond the usual bound.
@Suite struct HostileInputTests {
    static let fixtures = CommandLineTests.fixtures
    static let binary = CommandLineTests.binary

    /// Seeded, so a failing case can be replayed.
    typealias Generator = SplitMix64

    static func mutate(_ original: Data, _ generator: inout Generator) -> (Data, String) {
        var bytes = [UInt8](original)
        let kind = Int.random(in: 0..<6, using: &generator)
        let at = Int.random(in: 0..<max(1, bytes.count), using: &generator)
        switch kind {
        case 0:
            for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^=
                    1 << UInt8.random(in: 0..<8, using: &generator)
            }
            return (Data(bytes), "bit flips")
        case 1:
            return (Data(bytes.prefix(at)), "truncated at \(at)")
        case 2:
            let inserted = (0..<Int.random(in: 1...100, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            bytes.insert(contentsOf: inserted, at: min(at, bytes.count))
            return (Data(bytes), "\(inserted.count) bytes inserted at \(at)")
        case 3:
            let end = min(bytes.count, at + Int.random(in: 1...64, using: &generator))
            for index in at..<end { bytes[index] = 0 }
            return (Data(bytes), "zeroed \(at)..<\(end)")
        case 4:
            let end = min(bytes.count, at + Int.random(in: 1...4096, using: &generator))
            bytes.insert(contentsOf: bytes[at..<end], at: end)
            return (Data(bytes), "duplicated \(at)..<\(end)")
        default:
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            lines.shuffle(using: &generator)
            return (Data(lines.joined(separator: [UInt8(ascii: "\n")])), "shuffled lines")
        }
    }

    @Test func mutatedShardsEndInAReportOrACleanError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "xstream-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sources = [
            "binary/part-0.csv", "binary/part-1.csv.zst", "binary/part-2.csv.lz4", "npy/binary-0.npy",
            "npy/binary-1.npy.zst", "npy/binary-aligned.npy.lz4",
        ]
        // gzip, bzip2 and xz shards are made here from the plain fixture by the reference tools.
        var originals: [String: Data] = [:]
        for source in sources {
            originals[source] = try Data(contentsOf: Self.fixtures.appendingPathComponent(source))
        }
        for tool in ["gzip", "bzip2", "xz"] {
            let made = try ChildProcess.run(tool, ["-c", Self.fixtures.appendingPathComponent(sources[0]).path])
            #expect(made.status == 0)
            originals["binary/part-0.csv.\(tool)"] = made.output
        }
        var generator = Generator(seed: 2026)
        var outcomes: [Int32: Int] = [:]
        var peakResident = 0.0
        for round in 0..<25 {
            for source in originals.keys.sorted() {
                let original = originals[source]!
                let (mutated, how) = Self.mutate(original, &generator)
                let path = folder.appendingPathComponent("\(round)-\(source.replacingOccurrences(of: "/", with: "-"))")
                    .path
                try mutated.write(to: URL(fileURLWithPath: path))
                let arguments =
                    [
                        "--json", "--pred", "pred", "--threads", String(1 + round % 4), "--chunk-size",
                        ["64", "1K", "1M"][round % 3],
                    ]
                    + (round % 2 == 0 ? ["--skip-invalid"] : [])
                let (status, signaled, output, error) = try run(["eval"] + arguments + [path])
                let context = "\(source) \(how) \(arguments)"
                #expect(!signaled, "crashed: \(context)")
                #expect(status == 0 || status == 2, "exit \(status): \(context)")
                if status == 2 {
                    #expect(error.hasPrefix("xstream: error: "), "\(context): \(error)")
                    #expect(error.filter { $0 == "\n" }.count == 1, "one message: \(context): \(error)")
                }
                if status == 0, let peak = (try? JSONValue.parse(output))?["peak_rss_bytes"]?.doubleValue {
                    peakResident = max(peakResident, peak)
                }
                outcomes[status, default: 0] += 1
            }
        }
        #expect((outcomes[2] ?? 0) > 20, "most mutations are caught: \(outcomes)")
        // Each run reports its own peak (VmHWM); rusage of children would count this test process instead.
        #expect(peakResident > 0, "runs with a report state their peak memory")
        #expect(peakResident < 200e6, "peak resident memory of any run: \(peakResident) bytes")
    }

    /// Runs the binary under a 30-second limit; returns exit status, whether a signal ended it, stdout and stderr.
    private func run(_ arguments: [String]) throws -> (Int32, Bool, String, String) {
        let outcome = try ChildProcess.run(Self.binary, arguments, timeLimit: 30)
        return (outcome.status, outcome.signaled, String(decoding: outcome.output, as: UTF8.self), outcome.error)
    }
}
