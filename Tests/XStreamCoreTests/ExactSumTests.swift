import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

@Suite struct ExactSumTests {
    private func sum(_ terms: [Double]) -> Double {
        var exact = ExactSum()
        for term in terms { exact.add(term) }
        return exact.value
    }

    @Test func sumJustAboveARoundingTieRoundsUp() {
        // 1 + 2^-53 is exactly halfway between 1 and its successor; the tiny terms put it just above.
        let terms = [1.0, 0x1p-53] + Array(repeating: 0x1p-160, count: 1000)
        #expect(sum(terms) == Double(1).nextUp)
        #expect(terms.reduce(0, +) == 1.0, "naive summation rounds this down, so the test can tell")
    }

    @Test func exactTieRoundsToEven() {
        #expect(sum([1.0, 0x1p-53]) == 1.0)
        #expect(sum([Double(1).nextUp, 0x1p-53]) == Double(1).nextUp.nextUp)
    }

    @Test func emptyAndCancellingSumsArePositiveZero() {
        #expect(sum([]).bitPattern == 0.0.bitPattern)
        #expect(sum([1e308, -1e308, 5, -5]).bitPattern == 0.0.bitPattern)
        #expect(sum([-0.0, -0.0]).bitPattern == 0.0.bitPattern)
    }

    @Test func hugeIntermediateSumsCancelExactly() {
        #expect(sum([1e308, 1e308, 1e-300, -1e308, -1e308]) == 1e-300)
        #expect(
            sum([.greatestFiniteMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude])
                == .greatestFiniteMagnitude)
    }

    @Test func overflowingSumIsInfinite() {
        #expect(sum([.greatestFiniteMagnitude, .greatestFiniteMagnitude]) == .infinity)
        #expect(sum([-.greatestFiniteMagnitude, -.greatestFiniteMagnitude]) == -.infinity)
    }

    @Test func subnormalsAreExact() {
        let tiny = Double.leastNonzeroMagnitude
        #expect(sum(Array(repeating: tiny, count: 3)) == 3 * tiny)
        #expect(sum([Double.leastNormalMagnitude, -tiny]) == Double.leastNormalMagnitude.nextDown)
    }

    @Test func specialValuesFollowIEEE() {
        #expect(sum([1, .infinity]) == .infinity)
        #expect(sum([1, -.infinity]) == -.infinity)
        #expect(sum([.infinity, -.infinity]).isNaN)
        #expect(sum([.nan, 1]).isNaN)
    }

    @Test func manyAdditionsCrossCarryPropagation() {
        // 10 000 additions force several carry rounds; every term is exact in binary, so the sum is known.
        #expect(sum(Array(repeating: 0.5, count: 10_000)) == 5000)
        #expect(sum(Array(repeating: -0x1p1000, count: 5000)) == -5000 * 0x1p1000)
    }

    /// Adding a run of terms at once (the batch loops' way) holds the same state as adding them one by one,
    /// across carry rounds and with infinities and NaNs among the terms.
    @Test(arguments: [0, 1, 63, 2046, 2047, 2048, 9000])
    func addingARunEqualsAddingEachTerm(count: Int) {
        var generator = TestSupport.SeededGenerator(seed: UInt64(count) + 7)
        var terms = (0..<count).map { _ in randomWideDouble(&generator) }
        var oneByOne = ExactSum()
        var run = ExactSum()
        // A few terms first, so the run starts part-way to a carry round.
        for term in terms.prefix(5) {
            oneByOne.add(term)
            run.add(term)
        }
        terms.withUnsafeBufferPointer { run.add(contentsOf: $0) }
        for term in terms { oneByOne.add(term) }
        #expect(run == oneByOne)
        #expect(run.value.bitPattern == oneByOne.value.bitPattern)
        if count > 100 {
            terms[count / 3] = .infinity
            var withInfinity = ExactSum()
            terms.withUnsafeBufferPointer { withInfinity.add(contentsOf: $0) }
            #expect(withInfinity.value == .infinity)
            terms[count / 2] = .nan
            var withNaN = ExactSum()
            terms.withUnsafeBufferPointer { withNaN.add(contentsOf: $0) }
            #expect(withNaN.value.isNaN)
        }
    }

    /// Runs are split at grids set by their largest term; every shape of run must hold the same state as
    /// adding its terms one by one: terms of similar size (the common case), ones far below the largest,
    /// zeros, subnormals, mixed signs, mantissas of all ones and rounding ties at the grids, and largest
    /// terms at and beyond the exponents the splitting accepts.
    @Test(arguments: [
        "similar", "spread", "signs", "ties", "largeEdge", "tooLarge", "smallEdge", "tooSmall", "subnormal",
    ])
    func everyShapeOfRunEqualsAddingEachTerm(shape: String) {
        var generator = TestSupport.SeededGenerator(seed: UInt64(shape.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        func value(exponent: Int, significand: UInt64, negative: Bool = false) -> Double {
            Double(sign: negative ? .minus : .plus, exponent: exponent - 52, significand: Double(significand))
        }
        func randomSignificand() -> UInt64 {
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: (1 << 53) - 1
            case 1: 1 << 52
            case 2: (1 << 52) | 1
            default: UInt64.random(in: (1 << 52)..<(1 << 53), using: &generator)
            }
        }
        func term(_ index: Int) -> Double {
            switch shape {
            case "similar":
                return value(exponent: Int.random(in: -30...5, using: &generator), significand: randomSignificand())
            case "spread":
                return [0.0, 0x1p-52, 0x1p-200, 1e-300, Double.leastNonzeroMagnitude][index % 7 == 0 ? index % 5 : 0]
                    + value(exponent: Int.random(in: -120...6, using: &generator), significand: randomSignificand())
            case "signs":
                return value(
                    exponent: Int.random(in: -60...3, using: &generator), significand: randomSignificand(),
                    negative: Bool.random(using: &generator))
            case "ties":
                // Lowest set bits exactly at, half-way between and just around the grids of a run led by 2^5.
                let low = [-44, -45, -95, -96, -146, -147, -100, -200][index % 8]
                return 32 + value(exponent: low, significand: 1 << 52) * Double(index % 3 + 1)
            case "largeEdge": return value(exponent: 1020, significand: randomSignificand()) / Double(index % 4 + 1)
            case "tooLarge": return value(exponent: 1021 + index % 3, significand: randomSignificand())
            case "smallEdge": return value(exponent: -923, significand: randomSignificand()) / Double(1 << (index % 40))
            case "tooSmall": return value(exponent: -924 - index % 100, significand: randomSignificand())
            default: return Double.leastNonzeroMagnitude * Double(index % 9000)
            }
        }
        for count in [1, 2, 63, 64, 65, 1023, 1024, 1025, 3001] {
            let terms = (0..<count).map(term)
            var oneByOne = ExactSum()
            for term in terms { oneByOne.add(term) }
            var run = ExactSum()
            terms.withUnsafeBufferPointer { run.add(contentsOf: $0) }
            #expect(run == oneByOne, "\(shape) \(count)")
            #expect(run.value.bitPattern == oneByOne.value.bitPattern, "\(shape) \(count)")
        }
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1000])
    func mergingAnySplitGivesTheSameState(parts: Int) {
        var generator = TestSupport.SeededGenerator(seed: UInt64(parts))
        let terms = (0..<5000).map { _ in randomWideDouble(&generator) }
        var whole = ExactSum()
        for term in terms { whole.add(term) }
        var merged = ExactSum()
        for part in 0..<parts {
            var partial = ExactSum()
            for index in stride(from: part, to: terms.count, by: parts) { partial.add(terms[index]) }
            merged.add(partial)
        }
        #expect(merged == whole)
        #expect(merged.value.bitPattern == whole.value.bitPattern)
        var shuffled = ExactSum()
        for term in terms.shuffled(using: &generator) { shuffled.add(term) }
        #expect(shuffled.value.bitPattern == whole.value.bitPattern)
    }

    @Test func codableRoundTripKeepsEveryBit() throws {
        var generator = TestSupport.SeededGenerator(seed: 99)
        var exact = ExactSum()
        for _ in 0..<3000 { exact.add(randomWideDouble(&generator)) }
        let decoded = try JSONDecoder().decode(ExactSum.self, from: JSONEncoder().encode(exact))
        #expect(decoded == exact)
        #expect(decoded.value.bitPattern == exact.value.bitPattern)
    }

    /// Random sums with wide exponent ranges, cancellation and subnormals, against Python's math.fsum.
    @Test func agreesWithPythonFsum() throws {
        var generator = TestSupport.SeededGenerator(seed: 2024)
        var cases: [[Double]] = []
        for caseIndex in 0..<40 {
            let count = [1, 2, 10, 100, 3000][caseIndex % 5]
            var terms = (0..<count).map { _ in randomWideDouble(&generator) }
            if caseIndex % 3 == 0 { terms += terms.map { -$0 * (1 + 0x1p-52) } }
            cases.append(terms)
        }
        let script = """
            import math, sys
            for line in sys.stdin:
                terms = [float.fromhex(t) for t in line.split()]
                print((math.fsum(terms) + 0.0).hex())
            """
        let input =
            cases.map { terms in terms.map(TestSupport.pythonHex).joined(separator: " ") }.joined(separator: "\n")
            + "\n"
        let (status, output) = try TestSupport.run(["python3", "-c", script], input: Data(input.utf8))
        #expect(status == 0)
        let expected = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(expected.count == cases.count)
        for (terms, text) in zip(cases, expected) {
            #expect(TestSupport.pythonHex(sum(terms)) == text)
        }
    }

    /// A double with a random sign, a mantissa of random bits and an exponent over a wide range.
    private func randomWideDouble(_ generator: inout TestSupport.SeededGenerator) -> Double {
        let exponent = Int.random(in: -1074...900, using: &generator)
        let significand = Double(UInt64.random(in: 1...(1 << 53), using: &generator))
        let value = Double(
            sign: Bool.random(using: &generator) ? .minus : .plus, exponent: exponent - 52,
            significand: significand)
        return value.isFinite ? value : 1
    }
}
