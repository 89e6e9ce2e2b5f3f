import Foundation
import Testing
import XStreamCore
import XStreamTestSupport

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Helpers shared by the core tests: temporary folders, external commands, the fixtures and the oracle.
enum TestSupport {
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The shipped fixtures.
    static let fixtures = packageRoot.appendingPathComponent("Fixtures")

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xstream-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `arguments` (the first is looked up on PATH) and returns status and standard output.
    @discardableResult
    static func run(_ arguments: [String], input: Data? = nil, in folder: URL? = nil) throws -> (
        status: Int32, output: Data
    ) {
        let outcome = try ChildProcess.run(arguments[0], Array(arguments.dropFirst()), input: input, in: folder)
        return (outcome.status, outcome.output)
    }

    /// Runs `body` and expects it to throw an ``XStreamError`` of `code` whose description (message and cause)
    /// contains every fragment, and that carries `remedy` when one is given.
    static func expectFailure(
        _ code: XStreamError.Code, containing fragments: [String], remedy: XStreamError.Remedy? = nil,
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
    ) {
        do {
            try body()
            Issue.record("expected a \(code) failure", sourceLocation: sourceLocation)
        } catch let error as XStreamError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
            }
            if let remedy { #expect(error.remedy == remedy, "\(error)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    /// Runs the oracle (`Fixtures/oracle.py`) with `arguments` and parses its JSON.
    static func oracle(_ arguments: [String], in folder: URL) throws -> JSONValue {
        let (_, output) = try run(
            ["python3", fixtures.appendingPathComponent("oracle.py").path] + arguments, in: folder)
        return try JSONValue.parse(String(decoding: output, as: UTF8.self))
    }

    /// Python's `float.hex` spelling, which `float.fromhex` reads back exactly.
    static func pythonHex(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return value.sign == .minus ? "-0x0.0p+0" : "0x0.0p+0" }
        let sign = value.sign == .minus ? "-" : ""
        let magnitude = abs(value)
        let bits = magnitude.bitPattern
        let biased = Int(bits >> 52)
        let fraction = bits & ((1 << 52) - 1)
        let lead = biased == 0 ? 0 : 1
        let exponent = biased == 0 ? -1022 : biased - 1023
        var digits = String(fraction, radix: 16)
        digits = String(repeating: "0", count: 13 - digits.count) + digits
        return "\(sign)0x\(lead).\(digits)p\(exponent >= 0 ? "+" : "")\(exponent)"
    }

    /// Deterministic pseudo-random numbers, so failures can be replayed.
    typealias SeededGenerator = SplitMix64
}

/// The helpers above are part of how other tests compare bits, so they are checked too.
@Suite struct TestSupportTests {
    @Test func pythonHexSpellsDoublesAsPythonDoes() throws {
        let values: [Double] = [
            0, -0.0, 1, -2.5, 0.1, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, .infinity,
            -.infinity, Double(sign: .plus, exponent: -1030, significand: 1.5),
        ]
        let script = "import sys\nfor line in sys.stdin: print(float(line).hex())"
        let input = values.map { $0.isInfinite ? ($0 > 0 ? "inf" : "-inf") : "\($0)" }.joined(separator: "\n") + "\n"
        let (status, output) = try TestSupport.run(["python3", "-c", script], input: Data(input.utf8))
        #expect(status == 0)
        let python = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(python == values.map(TestSupport.pythonHex))
    }
}
