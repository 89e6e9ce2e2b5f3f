import Foundation
import Testing
import XStreamTestSupport

@testable import XStreamCodecs
@testable import XStreamMetrics

/// The ranking metrics' parts: the order-preserving keys, the radix sort, correctly rounded integer ratios
/// (against Python's `float(Fraction(a, b))`), the run encoding's checks, spilled runs read back and checked,
/// and the metrics of runs split and merged any way.
@Suite struct RankingTests {
    @Test func keysOrderScoresAsDoublesWithBothZerosOne() {
        let scores: [Double] = [
            -.infinity, -1e300, -1, -.leastNonzeroMagnitude, 0, .leastNonzeroMagnitude, 0.2, 1,
            .infinity,
        ]
        let keys = scores.map(ScoreEntry.key)
        #expect(keys == keys.sorted() && Set(keys).count == keys.count)
        #expect(ScoreEntry.key(-0.0) == ScoreEntry.key(0.0))
        for score in scores { #expect(ScoreEntry.score(ScoreEntry.key(score)) == score) }
    }

    @Test func radixSortSortsAsTheStandardLibrary() {
        var random = SplitMix64(seed: 3)
        for count in [0, 1, 2, 1000, 70_000] {
            // Keys sharing high digits (probabilities) and widened float32s (low digits all zero).
            var keys = (0..<count).map { index -> UInt64 in
                let p = Double(random.next() >> 11) / 0x1p53
                return ScoreEntry.key(index % 2 == 0 ? p : Double(Float(p)))
            }
            let want = keys.sorted()
            var scratch: [UInt64] = []
            RadixSort.sort(&keys, scratch: &scratch)
            #expect(keys == want, "\(count)")
        }
    }

    @Test func ratiosAreCorrectlyRoundedAsPythonFractions() throws {
        var random = SplitMix64(seed: 7)
        var pairs: [(UInt128, UInt128)] = [(1, 3), (2, 3), (1, 1 << 126), ((1 << 126) + 1, 3), (5, 10), (0, 7)]
        for _ in 0..<300 {
            let aBits = Int(random.next() % 127) + 1
            let bBits = Int(random.next() % 127) + 1
            let a = (UInt128(random.next()) << 64 | UInt128(random.next())) >> (128 - aBits)
            let b = max(1, (UInt128(random.next()) << 64 | UInt128(random.next())) >> (128 - bBits))
            pairs.append((a, b))
        }
        // A quotient just above a tie: 2^53 + 1 + 2^-70 rounds up, 2^53 + 1 exactly is a tie to even (down).
        let big = UInt128(1) << 70
        pairs.append((((UInt128(1) << 53) + 1) * big + 1, big))
        pairs.append((((UInt128(1) << 53) + 1) * big, big))
        let input = pairs.map { "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n"
        let script =
            "import sys\nfrom fractions import Fraction\nfor l in sys.stdin:\n a, b = map(int, l.split())\n print(float(Fraction(a, b)).hex())"
        let (status, output) = try TestSupport.run(["python3", "-c", script], input: Data(input.utf8))
        #expect(status == 0)
        let python = String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(python == pairs.map { TestSupport.pythonHex(ExactRatio.quotient($0.0, $0.1)) })
    }

    private static func ranking(_ rows: [(label: Double, score: Double)]) -> ScoreRanking {
        var ranking = ScoreRanking()
        let values = rows.flatMap { [$0.label, $0.score] }
        values.withUnsafeBufferPointer { ranking.add($0.baseAddress!, count: rows.count, stride: 2) }
        return ranking
    }

    @Test func runsSplitSpilledAndMergedAnyWayGiveTheSameMetrics() throws {
        var random = SplitMix64(seed: 11)
        let rows = (0..<20_000).map { _ -> (label: Double, score: Double) in
            let label = Double(random.next() % 3 == 0 ? 1 : 0)
            return (label, Double(random.next() % 50) / 49 * (label == 1 ? 1 : 0.8))
        }
        let whole = try RankingMetrics(Self.ranking(rows))
        let folder = try TestSupport.temporaryFolder()
        var merged = ScoreRanking()
        var scratch: [UInt64] = []
        for (index, part) in stride(from: 0, to: rows.count, by: 3000).enumerated() {
            var piece = Self.ranking(Array(rows[part..<min(part + 3000, rows.count)]))
            if index % 2 == 0 {
                try piece.spill(to: folder.path, scratch: &scratch)
            } else {
                piece.seal(scratch: &scratch)
            }
            merged.merge(piece)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 4)
        #expect(try RankingMetrics(merged) == whole)
        let decoded = try JSONDecoder().decode(ScoreRanking.self, from: JSONEncoder().encode(merged))
        #expect(try RankingMetrics(decoded) == whole)
        merged = ScoreRanking()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "spilled runs removed")
    }

    @Test func aDamagedSpilledRunIsRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        var ranking = Self.ranking((0..<5000).map { (Double($0 % 2), Double($0) / 5000) })
        var scratch: [UInt64] = []
        try ranking.spill(to: folder.path, scratch: &scratch)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first)
        let path = folder.appendingPathComponent(name).path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes.removeLast(bytes.count / 2)
        try bytes.write(to: URL(fileURLWithPath: path))
        TestSupport.expectFailure(.truncatedData, containing: [name]) { _ = try RankingMetrics(ranking) }
    }

    @Test(arguments: [
        (#"{"positives":1,"negatives":1,"distinct_scores":2,"runs":"AAEAAAEA"}"#, "scores out of order"),
        (#"{"positives":1,"negatives":1,"distinct_scores":1,"runs":"gICAgICAgICAgAEBAQ=="}"#, "beyond 64 bits"),
        (#"{"positives":1,"negatives":1,"distinct_scores":2,"runs":"AQAA"}"#, "a score with no rows"),
        (#"{"positives":2,"negatives":1,"distinct_scores":1,"runs":"AQEB"}"#, "not the 1 scores of 2 and 1"),
        (#"{"positives":1,"negatives":1,"distinct_scores":1,"runs":"AQEBAQ=="}"#, "ends inside a score"),
        (#"{"positives":1,"negatives":1,"distinct_scores":1,"runs":"!!!!"}"#, "not base64"),
        (#"{"positives":-1,"negatives":1,"distinct_scores":1,"runs":"AQEB"}"#, "a negative count"),
    ])
    func aDamagedRankingInAPartialIsRefused(json: String, reason: String) {
        do {
            _ = try JSONDecoder().decode(ScoreRanking.self, from: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains(reason), "\(context.debugDescription)")
        } catch {
            Issue.record("\(json): \(error)")
        }
    }

    @Test func base64RoundTrips() {
        for count in 0..<8 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 97 + 13) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy" && Base64.encode(Array("fo".utf8)) == "Zm8=")
    }
}
