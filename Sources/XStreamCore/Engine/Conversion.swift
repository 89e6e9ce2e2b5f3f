#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `xstream convert` writes and how.
public struct ConversionOptions: Sendable {
    /// The element type of prediction columns.
    public enum PredictionType: String, Sendable, CaseIterable {
        case float32 = "f4"
        case float64 = "f8"
    }

    /// Which columns are labels and predictions (the same defaults as `eval`).
    public var columns: ColumnSelection
    /// The CSV field separator.
    public var delimiter: UInt8
    /// The element type of prediction columns; `float64` keeps every value exactly.
    public var predictionType: PredictionType
    /// The compression level; nil for the codec's default (zstd 3, lz4 1).
    public var level: Int?
    /// Reading limits, as for `eval`.
    public var chunkSize: Int
    public var maxLineLength: Int
    public var maxWindowLog: Int

    public init(
        columns: ColumnSelection = ColumnSelection(), delimiter: UInt8 = UInt8(ascii: ","),
        predictionType: PredictionType = .float64, level: Int? = nil,
        chunkSize: Int = EvaluationOptions.defaultChunkSize,
        maxLineLength: Int = EvaluationOptions.defaultMaxLineLength,
        maxWindowLog: Int = EvaluationOptions.defaultMaxWindowLog
    ) {
        self.columns = columns
        self.delimiter = delimiter
        self.predictionType = predictionType
        self.level = level
        self.chunkSize = chunkSize
        self.maxLineLength = maxLineLength
        self.maxWindowLog = maxWindowLog
    }
}

/// What a conversion wrote.
public struct ConversionSummary: Sendable {
    /// Records written.
    public var rows: Int
    /// The fields written, as NumPy names and type strings.
    public var fields: [(name: String, type: String)]
    /// The output's codec, from its extension.
    public var codec: Codec
}

/// `xstream convert`: CSV or `.npy` inputs to one structured `.npy`, compressed by the output's extension.
///
/// Streaming in bounded memory: inputs are read once, chunk by chunk, through the same readers and parsers as
/// `eval` (so the same rows are valid and the same values are read). Records go to a temporary file beside
/// the output with labels as doubles; once every value is known, integral label columns become the smallest
/// integer field that holds them, and the records are written (compressed) to a second temporary file that
/// is renamed over the output.
public enum Conversion {
    /// The codec an output path asks for: `.npy`, `.npy.zst` (or `.zstd`), `.npy.lz4`.
    public static func codec(forOutput path: String) -> Codec? {
        if path.hasSuffix(".npy") { return .plain }
        if path.hasSuffix(".npy.zst") || path.hasSuffix(".npy.zstd") { return .zstd }
        if path.hasSuffix(".npy.lz4") { return .lz4 }
        return nil
    }

    /// Converts `inputs` into `output`.
    /// - Throws: ``XStreamError`` for unreadable inputs, invalid rows (naming file and line), inputs whose
    ///   columns differ, or an output that cannot be written. The output is untouched on failure.
    public static func run(inputs: [String], output: String, options: ConversionOptions) throws -> ConversionSummary {
        guard let codec = codec(forOutput: output) else {
            throw XStreamError(.usage, "\(output): the output must end in .npy, .npy.zst or .npy.lz4")
        }
        guard !inputs.isEmpty else { throw XStreamError(.usage, "no inputs given") }
        try DistinctInputs.check(inputs)
        let file = try OutputFile(path: output)
        let recordsPath = file.siblingPath(tag: "records")
        TemporaryFiles.register(recordsPath)
        defer {
            unlink(recordsPath)
            TemporaryFiles.unregister(recordsPath)
        }
        var writer = try RawRecordWriter(path: recordsPath, name: output)
        // Readers take their columns and limits from EvaluationOptions; with `task: nil` the task is never used.
        let readOptions = EvaluationOptions(
            settings: EvaluationSettings(task: .regression), columns: options.columns, delimiter: options.delimiter,
            threads: 1, chunkSize: options.chunkSize, maxLineLength: options.maxLineLength,
            maxWindowLog: options.maxWindowLog)
        var slotNames: (input: String, names: [String])?
        var labelCount = 0
        for (index, path) in inputs.enumerated() {
            let reader = try ShardReader(input: index, path: path, options: readOptions, task: nil)
            let buffer = ChunkBuffer(capacity: ShardReader.bufferCapacity(for: readOptions))
            var position: Int?
            var outcome = ChunkOutcome()
            var batch: RowBatch?
            defer { batch?.deallocate() }
            while let chunk = try reader.readChunk(into: buffer) {
                let columns = chunk.format.columns
                if position == nil {
                    position = chunk.format.firstRecordPosition
                    if let (first, names) = slotNames, names != columns.slotNames {
                        let these = EscapedText.quotedList(columns.slotNames, limit: 60)
                        let those = EscapedText.quotedList(names, limit: 60)
                        throw XStreamError(
                            .invalidHeader,
                            "\(path): its label and prediction columns [\(these)] differ from those of \(first) [\(those)]"
                        )
                    }
                    slotNames = (path, columns.slotNames)
                    labelCount = columns.labelCount
                    writer.prepare(slots: columns.slotNames.count, labels: labelCount)
                    batch = RowBatch(slots: columns.slotNames.count)
                }
                outcome.reset()
                chunk.parse(batch: batch!, consumer: &writer, outcome: &outcome, strict: true)
                if let sample = outcome.samples.first {
                    let location = chunk.format.locationSuffix(position: position! + sample.localPosition)
                    throw XStreamError(.invalidRow, "\(path)\(location): \(sample.message)")
                }
                position! += outcome.positions
                try writer.flush()
            }
        }
        guard let names = slotNames?.names else {
            throw XStreamError(.noRows, "no columns to convert: every input is empty")
        }
        try writer.flush()
        let fieldTypes: [NPYScalarType] = names.indices.map { slot in
            if slot < labelCount, let integer = writer.integerType(ofLabel: slot) { return integer }
            return try! NPYScalarType(slot < labelCount ? "<f8" : "<\(options.predictionType.rawValue)", path: "")
        }
        let fields = zip(names, fieldTypes).map { ($0, $1.typeString) }
        let defaultLevel = codec == .zstd ? 3 : 1
        let encoder = try StreamEncoder(sink: file.sink, codec: codec, level: options.level ?? defaultLevel)
        try NPYWriter.header(fields: fields, count: writer.rows).withUnsafeBytes { try encoder.write($0) }
        try transcode(recordsPath, slots: names.count, types: fieldTypes, into: encoder)
        try encoder.finish()
        try file.commit()
        return ConversionSummary(rows: writer.rows, fields: fields, codec: codec)
    }

    /// Rewrites records of doubles as records of `types`.
    private static func transcode(_ path: String, slots: Int, types: [NPYScalarType], into encoder: StreamEncoder)
        throws
    {
        let source = try FileByteSource(path: path)
        let inRecord = slots * 8
        let outRecord = types.reduce(0) { $0 + $1.size }
        let recordsPerBlock = max(1, (1 << 20) / inRecord)
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: recordsPerBlock * inRecord, alignment: 8)
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: recordsPerBlock * outRecord, alignment: 8)
        defer {
            input.deallocate()
            output.deallocate()
        }
        while true {
            var filled = 0
            while filled < input.count {
                let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: input[filled...]))
                if count == 0 { break }
                filled += count
            }
            let records = filled / inRecord
            if records == 0 { return }
            for record in 0..<records {
                var offset = record * outRecord
                for slot in 0..<slots {
                    let value = input.load(fromByteOffset: (record * slots + slot) * 8, as: Double.self)
                    types[slot].store(value, at: output.baseAddress! + offset)
                    offset += types[slot].size
                }
            }
            try encoder.write(UnsafeRawBufferPointer(rebasing: output[0..<records * outRecord]))
        }
    }
}

/// Collects converted rows as doubles in a temporary file and tracks what each label column holds.
struct RawRecordWriter: RowConsumer {
    private let sink: FileByteSink
    private var pending: [Double] = []
    private var slots = 0
    private var labelCount = 0
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
