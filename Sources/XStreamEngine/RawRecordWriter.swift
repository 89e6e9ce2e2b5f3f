import XStreamCodecs
import XStreamFormats

/// Collects converted rows as doubles in a temporary file and tracks what each label column holds.
struct RawRecordWriter: RowConsumer {
    private let sink: FileByteSink
    private var pending: [Double] = []
    private var slots = 0
    /// Label columns per row.
    private(set) var labelCount = 0
    private var labelIsIntegral: [Bool] = []
    private var labelMinimum: [Double] = []
    private var labelMaximum: [Double] = []
    /// Rows written.
    private(set) var rows = 0

    /// - Parameter name: The path named in messages: the output the records are for.
    init(path: String, name: String) throws { sink = try FileByteSink(path: path, name: name) }

    mutating func prepare(slots: Int, labels: Int) {
        guard self.slots == 0 else { return }
        self.slots = slots
        labelCount = labels
        labelIsIntegral = Array(repeating: true, count: labels)
        labelMinimum = Array(repeating: .infinity, count: labels)
        labelMaximum = Array(repeating: -.infinity, count: labels)
    }

    mutating func consume(rows values: UnsafePointer<Double>, count: Int) -> (accepted: Int, problem: RowProblem?) {
        pending.append(contentsOf: UnsafeBufferPointer(start: values, count: count * slots))
        for row in 0..<count {
            for label in 0..<labelCount {
                let value = values[row * slots + label]
                if value.rounded(.towardZero) != value { labelIsIntegral[label] = false }
                labelMinimum[label] = min(labelMinimum[label], value)
                labelMaximum[label] = max(labelMaximum[label], value)
            }
        }
        rows += count
        return (count, nil)
    }

    func describe(_ problem: RowProblem, columns: ResolvedColumns) -> String { "invalid row" }

    /// Writes the rows collected since the last flush.
    mutating func flush() throws {
        try pending.withUnsafeBytes { try sink.write($0) }
        pending.removeAll(keepingCapacity: true)
    }

    /// The integer type for label `slot`, when every value was an integer in range.
    func integerType(ofLabel slot: Int) -> NPYScalarType? {
        guard rows > 0, labelIsIntegral[slot] else { return nil }
        return NPYWriter.integerType(minimum: labelMinimum[slot], maximum: labelMaximum[slot])
    }
}
