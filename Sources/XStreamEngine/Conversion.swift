import XStreamCodecs
import XStreamFormats
import XStreamMetrics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// Converts files (`-` for standard input) into `output`.
    /// - Throws: as ``run(inputs:output:options:)-(_,_,_)``, and for paths that cannot be read.
    public static func run(paths: [String], output: String, options: ConversionOptions) throws -> ConversionSummary {
        try run(inputs: InputSource.files(paths), output: output, options: options)
    }

    /// Converts `inputs` into `output`.
    /// - Throws: ``XStreamError`` for unreadable inputs, invalid rows (naming input and line), inputs whose
    ///   columns differ, or an output that cannot be written. The output is untouched on failure.
    public static func run(inputs: [InputSource], output: String, options: ConversionOptions) throws
        -> ConversionSummary
    {
        guard let codec = codec(forOutput: output) else {
            throw XStreamError(.usage, "the output must end in .npy, .npy.zst or .npy.lz4", at: Location(output))
        }
        guard !inputs.isEmpty else { throw XStreamError(.usage, "no inputs given") }
        try DistinctInputs.check(inputs.map(\.name))
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
            maxWindowLog: options.maxWindowLog, repeatedHeaders: options.repeatedHeaders)
        var columns = ColumnAgreement()
        var ledger = InvalidRowLedger(inputNames: inputs.map(\.name))
        var slotNames: [String]?
        let buffer = ChunkBuffer(capacity: ShardReader.bufferCapacity(for: readOptions))
        for (index, source) in inputs.enumerated() {
            let reader = try ShardReader(input: index, source: source, options: readOptions, task: nil)
            var outcome = ChunkOutcome()
            var batch: RowBatch?
            while let chunk = try reader.readChunk(into: buffer) {
                if batch == nil {
                    let names = chunk.format.columns.slotNames
                    if let (_, error) = columns.check(chunk.format.columns, input: index, name: source.name) {
                        throw error
                    }
                    ledger.adopt(chunk.format, input: index)
                    slotNames = names
                    writer.prepare(slots: names.count, labels: chunk.format.columns.labelCount)
                    batch = RowBatch(slots: names.count)
                }
                outcome.reset()
                chunk.parse(batch: batch!, consumer: &writer, outcome: &outcome, strict: !options.skipInvalid)
                ledger.record(outcome, input: index, sequence: chunk.sequence)
                if let failure = ledger.locatedFailure() { throw failure }
                try writer.flush()
            }
        }
        guard let names = slotNames else {
            throw XStreamError(.noRows, "no columns to convert: every input is empty")
        }
        let invalidRows = ledger.invalidRows
        try options.maxInvalid?.enforce(invalid: invalidRows, valid: writer.rows)
        try writer.flush()
        let labelCount = writer.labelCount
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
        return ConversionSummary(
            rows: writer.rows, fields: fields, codec: codec, invalidRows: invalidRows,
            invalidBreakdown: ledger.summaries())
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
