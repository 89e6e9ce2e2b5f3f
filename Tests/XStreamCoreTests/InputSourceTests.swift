import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine

/// Inputs from any byte source: the engine reads memory and caller-made streams exactly as it reads files.
@Suite struct InputSourceTests {
    /// Hands out its bytes a few at a time, as a slow network stream would.
    final class TrickleSource: ByteSource {
        private let bytes: [UInt8]
        private let step: Int
        private var offset = 0

        init(_ bytes: [UInt8], step: Int) {
            self.bytes = bytes
            self.step = step
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = min(step, buffer.count, bytes.count - offset)
            for index in 0..<count { buffer[index] = bytes[offset + index] }
            offset += count
            return count
        }
    }

    /// Fails after a number of bytes, as a dropped connection does.
    final class FailingSource: ByteSource {
        private let source: MemoryByteSource
        private var left: Int

        init(_ bytes: [UInt8], failAfter: Int) {
            source = MemoryByteSource(bytes)
            left = failAfter
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            guard left > 0 else { throw XStreamError(.io, "connection reset", at: Location("stream")) }
            let room = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, left)])
            let count = try source.read(into: room)
            left -= count
            return count
        }
    }

    @Test(arguments: EvaluationTests.streamableFixtureSets)
    func memoryAndTrickledSourcesGiveTheFilesBits(set: EvaluationTests.FixtureSet) throws {
        let options = set.options(threads: 2, chunkSize: 4096)
        let files = try Evaluation(paths: set.inputs, options: options).run()
        let contents = try set.inputs.map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let memory = contents.enumerated().map { InputSource.bytes($1, name: "memory-\($0)") }
        let trickled = contents.enumerated().map { index, bytes in
            InputSource(name: "trickle-\(index)") { TrickleSource(bytes, step: 7) }
        }
        for inputs in [memory, trickled] {
            let result = try Evaluation(inputs: inputs, options: options).run()
            #expect(result.rows == files.rows)
            #expect(result.metrics.map(\.name) == files.metrics.map(\.name))
            for (a, b) in zip(result.metrics, files.metrics) {
                #expect(a.value.bitPattern == b.value.bitPattern, "\(set) \(a.name)")
            }
            #expect(result.inputs.map(\.path) == inputs.map(\.name), "reports name the sources")
            #expect(result.inputs.map(\.compressedBytes) == files.inputs.map(\.compressedBytes))
        }
    }

    @Test func aFailingSourceIsAnErrorNamingIt() throws {
        let csv = Array(("label,pred\n" + String(repeating: "1,0.5\n", count: 5000)).utf8)
        let input = InputSource(name: "stream") { FailingSource(csv, failAfter: 10_000) }
        let options = EvaluationOptions(settings: EvaluationSettings(task: .binary), threads: 2, chunkSize: 1024)
        TestSupport.expectFailure(.io, containing: ["stream: connection reset"]) {
            _ = try Evaluation(inputs: [input], options: options).run()
        }
    }

    @Test func filesAreCheckedBeforeAnyWork() throws {
        TestSupport.expectFailure(.io, containing: ["/no/such/file: cannot open: No such file"]) {
            _ = try InputSource.file("/no/such/file")
        }
        TestSupport.expectFailure(.io, containing: ["/tmp: is a directory"]) { _ = try InputSource.file("/tmp") }
        TestSupport.expectFailure(.usage, containing: ["standard input (-) can be read only once"]) {
            _ = try InputSource.files(["-", "-"])
        }
        TestSupport.expectFailure(.usage, containing: ["no inputs given"]) { _ = try InputSource.files([]) }
        #expect(try InputSource.file("-").name == "-")
    }
}
