import XStreamCodecs
import XStreamEngine
import XStreamFormats
import XStreamMetrics
import XStreamTestSupport

/// Entry points into single pipeline stages, for the micro benchmarks in `Benchmarks/` only: a library of its
/// own, so that the stages stay out of the public API of `XStreamCore`.
public enum StageBenchmarks {
    /// `rows` lines of a binary-task CSV (`label,pred`, predictions with 7 decimals), header first.
    public static func binaryCSV(rows: Int) -> [UInt8] {
        var generator = SplitMix64(seed: 42)
        var bytes = Array("label,pred\n".utf8)
        bytes.reserveCapacity(rows * 12 + 11)
        for _ in 0..<rows {
            bytes += [
                UInt8(ascii: "0") + UInt8(generator.next() & 1), UInt8(ascii: ","), UInt8(ascii: "0"),
                UInt8(ascii: "."),
            ]
            var digits = generator.next() % 10_000_000
            var fraction = [UInt8](repeating: UInt8(ascii: "0"), count: 7)
            for index in stride(from: 6, through: 0, by: -1) {
                fraction[index] = UInt8(ascii: "0") + UInt8(digits % 10)
                digits /= 10
            }
            bytes += fraction
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// A binary-task `.npy` file of `rows` records: a `u1` label and an `f4` prediction.
    public static func binaryNPY(rows: Int) -> [UInt8] {
        var generator = SplitMix64(seed: 7)
        var bytes = NPYWriter.header(fields: [("label", "|u1"), ("pred", "<f4")], count: rows)
        for _ in 0..<rows {
            bytes.append(UInt8(generator.next() & 1))
            let prediction = Float(generator.next() % 1_000_000) / 1_000_000
            bytes += withUnsafeBytes(of: prediction.bitPattern.littleEndian, Array.init)
        }
        return bytes
    }

    /// Parses every newline-terminated decimal number in `text` (which must end with a newline).
    /// - Returns: their sum, so the work cannot be optimized away.
    public static func parseNumbers(_ text: [UInt8]) -> Double {
        let padded = text + [UInt8](repeating: 0, count: DecimalParser.readAhead)
        return padded.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress!
            let end = cursor + text.count
            var sum = 0.0
            while cursor < end {
                if let (value, next) = DecimalParser.parse(cursor) {
                    sum += value
                    cursor = next
                }
                cursor += 1
            }
            return sum
        }
    }
}

/// One input read through the real reader into a single in-memory chunk, ready to be parsed again and again.
public final class PreparedChunk {
    private let chunk: Chunk
    private let batch: RowBatch
    private let settings: EvaluationSettings

    /// Reads `bytes` (a CSV text with its header, or a whole `.npy` file) as one chunk.
    public init(bytes: [UInt8], task: PredictionTask) throws {
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: task), threads: 1, chunkSize: bytes.count + 1,
            maxLineLength: bytes.count + 1)
        let reader = try ShardReader(
            input: 0, source: .bytes(bytes, name: "benchmark"), options: options, task: task)
        guard let chunk = try reader.readChunk(into: ChunkBuffer(capacity: ShardReader.bufferCapacity(for: options)))
        else { throw XStreamError(.noRows, "no records to prepare") }
        self.chunk = chunk
        settings = options.settings
        batch = RowBatch(slots: chunk.format.columns.slotNames.count)
    }

    /// Parses every record into value slots without evaluating them; returns the rows read.
    public func parse() -> Int {
        var counter = RowCounter()
        run(&counter)
        return counter.rows
    }

    /// Parses and evaluates every record: the chunk's exact partial.
    public func evaluate() -> MetricPartial {
        let columns = chunk.format.columns
        var evaluator = RowEvaluator(
            settings: settings, labelCount: columns.labelCount, predictionCount: columns.predictionCount)
        run(&evaluator)
        return evaluator.partial
    }

    private func run<Consumer: RowConsumer>(_ consumer: inout Consumer) {
        var outcome = ChunkOutcome()
        chunk.parse(batch: batch, consumer: &consumer, outcome: &outcome, strict: true)
    }

    private struct RowCounter: RowConsumer {
        var rows = 0
        mutating func consume(rows values: UnsafePointer<Double>, count: Int) -> (accepted: Int, problem: RowProblem?) {
            rows += count
            return (count, nil)
        }
        func describe(_ problem: RowProblem, columns: ResolvedColumns) -> String { "" }
    }
}
