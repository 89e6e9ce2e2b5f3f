import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Partial states: evaluated in groups, written to the file format and read back, merged through random trees,
/// finalized once — bit-identical to one evaluation over every input.
@Suite struct PartialTests {
    typealias FixtureSet = EvaluationTests.FixtureSet

    /// Writes `partial` in the file format and reads it back, as every hop between jobs does.
    private func roundTrip(_ partial: EvaluationPartial) throws -> EvaluationPartial {
        try EvaluationPartial(fileBytes: Array(partial.fileText().utf8), name: "p")
    }

    /// Merges `partials` through a random tree of merges of 2 to 4 neighbours, each written and read back.
    private func mergeThroughRandomTree(
        _ partials: [EvaluationPartial], using generator: inout TestSupport.SeededGenerator
    ) throws -> EvaluationPartial {
        var level = try partials.map(roundTrip)
        while level.count > 1 {
            let width = min(level.count, Int.random(in: 2...4, using: &generator))
            let start = Int.random(in: 0...(level.count - width), using: &generator)
            let group = Array(level[start..<(start + width)])
            let merged = try EvaluationPartial.merged(group, names: group.indices.map { "p\($0)" })
            level.replaceSubrange(start..<(start + width), with: [try roundTrip(merged)])
        }
        return level[0]
    }

    /// Splits `items` into `groups` groups at random (some may be empty), keeping their order within each.
    private func randomGroups<T>(_ items: [T], _ groups: Int, using generator: inout TestSupport.SeededGenerator)
        -> [[T]]
    {
        var result = [[T]](repeating: [], count: groups)
        for item in items.shuffled(using: &generator) {
            result[Int.random(in: 0..<groups, using: &generator)].append(item)
        }
        return result
    }

    private func expectSameReport(_ merged: EvaluationResult, _ single: EvaluationResult, _ context: String) {
        #expect(merged.rows == single.rows, "\(context)")
        #expect(merged.metrics.map(\.name) == single.metrics.map(\.name), "\(context)")
        for (got, want) in zip(merged.metrics, single.metrics) {
            #expect(
                got.value.bitPattern == want.value.bitPattern, "\(context) \(got.name): \(got.value) vs \(want.value)")
        }
        #expect(merged.invalidRows == single.invalidRows, "\(context)")
        #expect(merged.invalidBreakdown == single.invalidBreakdown, "\(context)")
        #expect(merged.inputs == single.inputs, "\(context)")
        #expect(merged.partial == single.partial, "\(context)")
    }

    @Test(arguments: EvaluationTests.fixtureSets)
    func randomSplitsMergedThroughRandomTreesMatchOneEvaluation(set: FixtureSet) throws {
        var generator = TestSupport.SeededGenerator(seed: UInt64(set.name.utf8.count) * 977)
        let options = set.options(threads: 2, chunkSize: 64)
        let expected = set.expected
        for round in 0..<6 {
            let groups = randomGroups(set.inputs, Int.random(in: 1...4, using: &generator), using: &generator)
            let partials = try groups.map { paths in
                paths.isEmpty
                    ? EvaluationPartial(options: options) : try Evaluation(paths: paths, options: options).runPartial()
            }
            let merged = try mergeThroughRandomTree(partials, using: &generator).finalize(maxInvalid: nil)
            let single = try Evaluation(paths: groups.flatMap { $0 }, options: options).run()
            expectSameReport(merged, single, "\(set.name) round \(round) \(groups)")
            #expect(merged.rows == expected["rows"]?.doubleValue.map(Int.init))
            for metric in merged.metrics {
                let want = expected["metrics"]?[metric.name.rawValue]?.doubleValue ?? .nan
                #expect(metric.value.bitPattern == want.bitPattern, "\(set.name) \(metric.name) against the oracle")
            }
        }
    }

    /// Many small inputs with invalid rows of several reasons: counts, per-input table and the first five
    /// examples per reason in the merged order.
    @Test func invalidRowExamplesStayTheFirstFiveInTheMergedOrder() throws {
        var generator = TestSupport.SeededGenerator(seed: 13)
        let inputs = (0..<14).map { index in
            var text = "label,pred\n"
            for row in 0..<Int.random(in: 0...30, using: &generator) {
                switch Int.random(in: 0..<10, using: &generator) {
                case 0: text += "1,abc\n"
                case 1: text += "2,0.5\n"
                case 2: text += "0,1.5\n"
                default: text += "\(row % 2),0.\(Int.random(in: 1...999, using: &generator))\n"
                }
            }
            return InputSource.bytes(Array(text.utf8), name: "in-\(index).csv")
        }
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary), threads: 2, chunkSize: 16, skipInvalid: true)
        for _ in 0..<8 {
            let groups = randomGroups(inputs, Int.random(in: 2...6, using: &generator), using: &generator)
            let partials = try groups.map { group in
                group.isEmpty
                    ? EvaluationPartial(options: options) : try Evaluation(inputs: group, options: options).runPartial()
            }
            let merged = try mergeThroughRandomTree(partials, using: &generator).finalize(maxInvalid: nil)
            let single = try Evaluation(inputs: groups.flatMap { $0 }, options: options).run()
            #expect(single.invalidRows > 10)
            expectSameReport(merged, single, "groups \(groups.map { $0.map(\.name) })")
        }
    }

    @Test func noRowsAndTheInvalidRowLimitApplyOnlyWhenFinalized() throws {
        let options = EvaluationOptions(settings: EvaluationSettings(task: .binary), skipInvalid: true)
        let empty = try Evaluation(inputs: [.bytes(Array("label,pred\n".utf8), name: "e.csv")], options: options)
            .runPartial()
        let bad = try Evaluation(inputs: [.bytes(Array("label,pred\n1,x\n".utf8), name: "b.csv")], options: options)
            .runPartial()
        let good = try Evaluation(inputs: [.bytes(Array("label,pred\n1,0.5\n".utf8), name: "g.csv")], options: options)
            .runPartial()
        TestSupport.expectFailure(.noRows, containing: ["2 input(s)", "1 invalid rows"]) {
            _ = try EvaluationPartial.merged([empty, bad], names: ["e", "b"]).finalize(maxInvalid: nil)
        }
        let all = try EvaluationPartial.merged([empty, bad, good], names: ["e", "b", "g"])
        TestSupport.expectFailure(.tooManyInvalidRows, containing: ["1 invalid rows skipped out of 2"]) {
            _ = try all.finalize(maxInvalid: .count(0))
        }
        #expect(try all.finalize(maxInvalid: .percent(50)).rows == 1)
    }

    // MARK: Refusals

    private func partial(
        _ text: String, name: String, _ settings: EvaluationSettings, columns: ColumnSelection = .init()
    )
        throws -> EvaluationPartial
    {
        try Evaluation(
            inputs: [.bytes(Array(text.utf8), name: name)],
            options: EvaluationOptions(settings: settings, columns: columns)
        )
        .runPartial()
    }

    @Test func partialsWhoseSettingsDifferAreRefusedNamingTheDifference() throws {
        let rows = "label,pred,p2\n1,0.9,0.1\n"
        let base = try partial(
            rows, name: "a", EvaluationSettings(task: .binary), columns: .init(predictions: ["pred"]))
        let cases: [(EvaluationPartial, [String])] = [
            (
                try partial(
                    rows, name: "b", EvaluationSettings(task: .binary, epsilon: 1e-7),
                    columns: .init(predictions: ["pred"])),
                ["eps", "0x1.ad7f29abcaf48p-24", "0x1p-52"]
            ),
            (
                try partial(
                    rows, name: "b", EvaluationSettings(task: .binary, sumTolerance: 0.01),
                    columns: .init(predictions: ["pred"])),
                ["sum_tolerance"]
            ),
            (
                try partial("label,pred\n1,0.4\n", name: "b", EvaluationSettings(task: .regression)),
                ["task", "regression"]
            ),
            (
                try partial(rows, name: "b", EvaluationSettings(task: .binary), columns: .init(predictions: ["p2"])),
                ["prediction columns", "[\"p2\"]", "[\"pred\"]"]
            ),
            (
                try partial(
                    "y,pred\n1,0.9\n", name: "b", EvaluationSettings(task: .binary), columns: .init(labels: ["y"])),
                ["label columns"]
            ),
        ]
        for (other, fragments) in cases {
            TestSupport.expectFailure(.incompatiblePartials, containing: ["second differs from first"] + fragments) {
                _ = try EvaluationPartial.merged([base, other], names: ["first", "second"])
            }
        }
        // An empty partial has no columns yet: it merges with any.
        let empty = EvaluationPartial(options: EvaluationOptions(settings: EvaluationSettings(task: .binary)))
        #expect(try EvaluationPartial.merged([empty, base], names: ["e", "a"]).finalize(maxInvalid: nil).rows == 1)
    }

    @Test func theSameInputInTwoPartialsIsRefused() throws {
        let settings = EvaluationSettings(task: .binary)
        let one = try partial("label,pred\n1,0.9\n", name: "s3://bucket/a.csv", settings)
        let renamed = try partial("label,pred\n1,0.9\n", name: "s3://bucket/copy-of-a.csv", settings)
        let sameName = try partial("label,pred\n0,0.9\n", name: "s3://bucket/a.csv", settings)
        TestSupport.expectFailure(.incompatiblePartials, containing: ["copy-of-a.csv", "same bytes", "counted twice"]) {
            _ = try EvaluationPartial.merged([one, renamed], names: ["p1", "p2"])
        }
        TestSupport.expectFailure(
            .incompatiblePartials, containing: ["s3://bucket/a.csv", "p1 and p2", "counted twice"]
        ) {
            _ = try EvaluationPartial.merged([one, sameName], names: ["p1", "p2"])
        }
        // Through a tree: the repeat is caught at the merge that brings both together.
        let other = try partial("label,pred\n0,0.2\n", name: "b.csv", settings)
        let left = try EvaluationPartial.merged([one, other], names: ["p1", "p3"])
        TestSupport.expectFailure(.incompatiblePartials, containing: ["counted twice"]) {
            _ = try EvaluationPartial.merged([left, renamed], names: ["left", "p2"])
        }
        // Inputs with no rows cannot be counted twice; one evaluation given a file twice counts it twice.
        let header = try partial("label,pred\n", name: "h.csv", settings)
        #expect(throws: Never.self) { try EvaluationPartial.merged([header, header, one], names: ["h", "h", "o"]) }
        let twice = try Evaluation(
            inputs: [
                .bytes(Array("label,pred\n1,0.9\n".utf8), name: "x"),
                .bytes(Array("label,pred\n1,0.9\n".utf8), name: "x"),
            ],
            options: EvaluationOptions(settings: settings)
        ).runPartial()
        #expect(try EvaluationPartial.merged([twice], names: ["t"]).finalize(maxInvalid: nil).rows == 2)
    }

    @Test func everyFlippedByteOfAPartialFileIsRefused() throws {
        let options = EvaluationOptions(settings: EvaluationSettings(task: .multiclass), skipInvalid: true)
        let text = try Evaluation(
            inputs: [.bytes(Array("label,p0,p1\n1,0.2,0.8\n0,0.7,0.3\n5,0.5,0.5\n".utf8), name: "m.csv")],
            options: options
        ).runPartial().fileText()
        let bytes = Array(text.utf8)
        #expect(try EvaluationPartial(fileBytes: bytes, name: "ok").partial.rows == 2)
        for index in bytes.indices {
            for mask: UInt8 in [0x01, 0x20, 0x80] {
                var damaged = bytes
                damaged[index] ^= mask
                TestSupport.expectFailure(.invalidPartial, containing: ["p.xsp"]) {
                    _ = try EvaluationPartial(fileBytes: damaged, name: "p.xsp")
                }
            }
        }
        TestSupport.expectFailure(.invalidPartial, containing: ["truncated"]) {
            _ = try EvaluationPartial(fileBytes: Array(bytes.dropLast(5)), name: "p")
        }
        TestSupport.expectFailure(.invalidPartial, containing: ["not an xstream partial"]) {
            _ = try EvaluationPartial(fileBytes: Array("{\"xstream_version\":\"0.1.0\"}\n".utf8), name: "p")
        }
    }

    /// Rewrites a partial's JSON and seals it with a valid checksum, as a later (or foreign) writer would.
    private func resealed(_ text: String, _ edit: (String) -> String) -> [UInt8] {
        var body = edit(String(text[..<text.range(of: ",\"checksum\"")!.lowerBound]))
        body += ",\"checksum\":\"xxh64:" + XXH64.hexDigest(of: Array(body.utf8)) + "\"}\n"
        return Array(body.utf8)
    }

    @Test func anotherFormatVersionOrAnUnknownMemberIsRefused() throws {
        let text = try partial("label,pred\n1,0.9\n", name: "a", EvaluationSettings(task: .binary)).fileText()
        #expect(try EvaluationPartial(fileBytes: resealed(text) { $0 }, name: "p").partial.rows == 1)
        TestSupport.expectFailure(.invalidPartial, containing: ["format version 2", "reads version 1"]) {
            _ = try EvaluationPartial(
                fileBytes: resealed(text) {
                    $0.replacingOccurrences(of: "\"format_version\":1", with: "\"format_version\":2")
                },
                name: "p")
        }
        TestSupport.expectFailure(.invalidPartial, containing: ["unknown member \"settings\".\"weights\""]) {
            _ = try EvaluationPartial(
                fileBytes: resealed(text) {
                    $0.replacingOccurrences(of: "\"task\":", with: "\"weights\":\"w\",\"task\":")
                },
                name: "p")
        }
        TestSupport.expectFailure(.invalidPartial, containing: ["unknown member \"slices\""]) {
            _ = try EvaluationPartial(fileBytes: resealed(text) { $0 + ",\"slices\":[]" }, name: "p")
        }
    }

    // MARK: Pieces

    @Test(arguments: [
        ("", "ef46db3751d8e999"), ("a", "d24ec4f1a98c6e5b"), ("abc", "44bc2cf5ad770999"),
    ])
    func xxh64MatchesXxhsum(text: String, hex: String) {
        #expect(XXH64.hexDigest(of: Array(text.utf8)) == hex)
    }

    /// Longer inputs (values from `xxhsum -H64`), hashed whole and streamed in pieces of every small size.
    @Test func xxh64StreamedInPiecesMatchesXxhsum() {
        let cases: [([UInt8], String)] = [
            ((0..<101).map { UInt8(($0 * 31 + 7) % 256) }, "fbfdf3fa1a53bc7f"),
            ((0..<1000).map { UInt8(($0 * $0 + 3 * $0) % 251) }, "5a9b068be74a5dab"),
        ]
        for (bytes, hex) in cases {
            #expect(XXH64.hexDigest(of: bytes) == hex)
            for piece in 1...40 {
                var hasher = XXH64()
                for start in stride(from: 0, to: bytes.count, by: piece) {
                    bytes[start..<min(start + piece, bytes.count)].withUnsafeBytes { hasher.update($0) }
                }
                #expect(hasher.hexDigest == hex, "pieces of \(piece)")
            }
        }
    }

    @Test func fingerprintsAreThoseOfTheCompressedBytes() throws {
        let path = TestSupport.fixtures.appendingPathComponent("binary/part-1.csv.zst").path
        let partial = try Evaluation(
            paths: [path],
            options: EvaluationOptions(settings: .init(task: .binary), columns: .init(predictions: ["pred"]))
        )
        .runPartial()
        #expect(partial.inputs.map(\.fingerprint) == ["xxh64:f1b8588d79d7b0c3"])
    }

    @Test(arguments: [
        0.0, -0.0, 1, -2.5, 0x1p-52, 1e-3, 0.1, .pi, .leastNonzeroMagnitude, .leastNormalMagnitude,
        .greatestFiniteMagnitude, Double.leastNormalMagnitude.nextDown, .infinity, -.infinity,
    ])
    func hexFloatsRoundTripExactly(value: Double) throws {
        let text = value.hexFloatDescription
        let back = try #require(Double(hexFloat: text))
        #expect(back.bitPattern == value.bitPattern, "\(text)")
    }

    @Test func hexFloatsAreWrittenAsC99Does() {
        #expect(0x1p-52.hexFloatDescription == "0x1p-52")
        #expect(1e-3.hexFloatDescription == "0x1.0624dd2f1a9fcp-10")
        #expect(Double.leastNonzeroMagnitude.hexFloatDescription == "0x0.0000000000001p-1022")
        #expect(Double(hexFloat: "0.5") == nil)
        #expect(Double(hexFloat: "0x1p-52junk") == nil)
    }

    @Test func shardsCoverEveryInputOnce() {
        let items = Array(0..<23)
        for count in 1...30 {
            let shards = (0..<count).map { ShardSelection(index: $0, count: count).select(items) }
            #expect(shards.flatMap { $0 }.sorted() == items)
            #expect(shards[0].first == 0)
        }
        #expect(ShardSelection(index: 1, count: 3).select(items) == [1, 4, 7, 10, 13, 16, 19, 22])
    }
}
