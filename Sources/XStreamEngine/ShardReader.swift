import XStreamCodecs
import XStreamFormats
import XStreamMetrics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads one input: decompresses it, recognises its format, reads its header and cuts the rest into chunks
/// of whole records.
///
/// Decompressed bytes go straight into the chunk buffer; only the incomplete record at the end of a chunk
/// is copied, to the front of the next one. Not `Sendable`: one worker uses it at a time.
package final class ShardReader {
    /// The input's position in the input list.
    let input: Int
    /// The input's name, for messages.
    var path: String { decoder.name }
    /// The codec detected from the first bytes.
    var codec: Codec { columnar?.codec ?? decoder.codec }
    /// Compressed bytes consumed so far.
    var compressedBytes: Int { columnar?.file.bytesRead ?? decoder.compressedBytes }
    /// Decompressed bytes produced so far.
    var decompressedBytes = 0
    /// The record format, known once the first chunk has been read (nil for an empty input).
    var format: RecordFormat?
    /// The fingerprint of the raw bytes read so far: the whole input's once it has been read to the end.
    var fingerprint: String { columnar?.file.fingerprint ?? fingerprinting.fingerprint }

    let decoder: StreamDecoder
    private let fingerprinting: FingerprintingByteSource
    private let options: EvaluationOptions
    let task: PredictionTask?
    /// The columns asked for, with the task's preferred prediction column as the default.
    let selection: ColumnSelection
    let carry: UnsafeMutableRawBufferPointer
    var carryCount = 0
    var nextSequence = 0
    private var sawEnd = false
    var headerRead = false
    private var recordsRead = 0
    /// The Parquet file and the state of its rows, when the input is one.
    var columnar: ColumnarInput?

    /// Decompressed bytes per chunk.
    var chunkSize: Int { options.chunkSize }

    /// The capacity every chunk buffer needs for `options`: a chunk, the longest line, and a closing newline.
    package static func bufferCapacity(for options: EvaluationOptions) -> Int {
        options.chunkSize + options.effectiveMaxLineLength + 1
    }

    /// Opens the input and detects its codec.
    /// - Parameters:
    ///   - input: The input's position in the input list.
    ///   - source: The input.
    ///   - options: Columns, delimiter, chunk size and limits.
    ///   - task: The task whose column counts the header must fit, or nil to accept any.
    /// - Throws: ``XStreamError`` when it cannot be opened or its first frames are cut short.
    package init(input: Int, source: InputSource, options: EvaluationOptions, task: PredictionTask?) throws {
        self.input = input
        self.options = options
        self.task = task
        var selection = options.columns
        if selection.preferredPrediction == nil { selection.preferredPrediction = task?.preferredPredictionColumn }
        self.selection = selection
        let raw = try source.makeSource()
        fingerprinting = FingerprintingByteSource(raw, hashing: options.fingerprintsInputs)
        carry = .allocate(byteCount: options.effectiveMaxLineLength + 1, alignment: 16)
        if let parquet = try ColumnarInput.openParquet(raw, name: source.name, selection: selection) {
            try task?.checkColumns(parquet.file.layout.columns, input: source.name)
            columnar = parquet
            format = .columnar(parquet.file.layout)
            decoder = try StreamDecoder(source: MemoryByteSource([]), name: source.name)
            return
        }
        decoder = try StreamDecoder(source: fingerprinting, name: source.name, maxWindowLog: options.maxWindowLog)
    }

    deinit { carry.deallocate() }

    /// Reads the next chunk into `buffer`.
    /// - Returns: the chunk, or nil when the input has no more records.
    /// - Throws: ``XStreamError`` for decoding errors, a bad header, or a line over the limit.
    package func readChunk(into buffer: ChunkBuffer) throws -> Chunk? {
        if !headerRead, columnar == nil, format == nil {
            headerRead = true
            try openArrowIfPresent()
            headerRead = columnar != nil
        }
        if columnar != nil { return try readColumnarChunk(into: buffer) }
        while true {
            guard let (range, format) = try fillAndCut(buffer) else { return nil }
            if range.isEmpty { continue }
            defer { nextSequence += 1 }
            return Chunk(input: input, sequence: nextSequence, format: format, buffer: buffer, range: range)
        }
    }

    /// Fills `buffer` (carried bytes first), then cuts it after its last complete record.
    private func fillAndCut(_ buffer: ChunkBuffer) throws -> (Range<Int>, RecordFormat)? {
        let bytes = buffer.bytes
        bytes.baseAddress!.copyMemory(from: carry.baseAddress!, byteCount: carryCount)
        var filled = carryCount
        carryCount = 0
        filled += try read(into: bytes, from: filled, upTo: max(options.chunkSize, filled))
        if !headerRead {
            guard let (format, headerEnd) = try readHeader(bytes, filled: &filled) else { return nil }
            self.format = format
            headerRead = true
            // Move the first records to the front so every later bound is measured from 0.
            filled -= headerEnd
            bytes.baseAddress!.copyMemory(from: bytes.baseAddress! + headerEnd, byteCount: filled)
        }
        guard let format else { return nil }
        switch format {
        case .csv: return try cutAfterLastLine(bytes, filled: filled).map { ($0, format) }
        case .npy(let layout): return try cutAfterLastRecord(bytes, filled: filled, layout: layout).map { ($0, format) }
        case .columnar: return nil
        }
    }

    /// Cuts after the last newline, carrying the incomplete line; at the end, closes the last line.
    private func cutAfterLastLine(_ bytes: UnsafeMutableRawBufferPointer, filled: Int) throws -> Range<Int>? {
        var filled = filled
        let limit = options.effectiveMaxLineLength
        var searchFrom = 0
        while true {
            if let newline = lastNewline(bytes, in: searchFrom..<filled) {
                let cut = newline + 1
                try carry(bytes, from: cut, to: filled)
                return 0..<cut
            }
            if sawEnd {
                if filled == 0 { return nil }
                bytes[filled] = UInt8(ascii: "\n")
                return 0..<filled + 1
            }
            if filled > limit { throw lineTooLong() }
            searchFrom = filled
            filled += try read(into: bytes, from: filled, upTo: filled + options.chunkSize)
        }
    }

    /// Cuts after the last whole record, carrying a partial one; checks the count against the header.
    private func cutAfterLastRecord(_ bytes: UnsafeMutableRawBufferPointer, filled: Int, layout: NPYLayout) throws
        -> Range<Int>?
    {
        var filled = filled
        let size = layout.recordSize
        while filled < size, !sawEnd {
            filled += try read(into: bytes, from: filled, upTo: filled + options.chunkSize)
        }
        let records = filled / size
        let cut = records * size
        if sawEnd, cut < filled {
            throw XStreamError(
                .truncatedData, "the data ends inside this record (records are \(size) bytes)",
                at: Location(path, position: .record(recordsRead + records)))
        }
        if recordsRead + records > layout.recordCount {
            throw XStreamError(
                .corruptData, "more data than the \(layout.recordCount) records its header declares",
                at: Location(path, position: .record(layout.recordCount)))
        }
        if records == 0 {
            if recordsRead < layout.recordCount {
                throw XStreamError(
                    .truncatedData,
                    "the data ends after \(recordsRead) of the \(layout.recordCount) records its header declares",
                    at: Location(path, position: .record(recordsRead)))
            }
            return nil
        }
        recordsRead += records
        try carry(bytes, from: cut, to: filled)
        return 0..<cut
    }

    /// Keeps `bytes[from..<to]`, an incomplete record, for the front of the next chunk.
    private func carry(_ bytes: UnsafeMutableRawBufferPointer, from: Int, to: Int) throws {
        carryCount = to - from
        if carryCount > options.effectiveMaxLineLength { throw lineTooLong() }
        carry.baseAddress!.copyMemory(from: bytes.baseAddress! + from, byteCount: carryCount)
    }

    /// Reads the header: an `.npy` header when the data starts with NumPy's magic, else a CSV header line.
    /// - Returns: the format and where the records start, or nil for an input with no bytes at all.
    private func readHeader(_ bytes: UnsafeMutableRawBufferPointer, filled: inout Int) throws -> (RecordFormat, Int)? {
        if filled == 0 { return nil }
        let limit = options.effectiveMaxLineLength
        while filled < NPYHeader.preambleLength, !sawEnd {
            filled += try read(into: bytes, from: filled, upTo: filled + options.chunkSize)
        }
        let preamble = UnsafeRawBufferPointer(rebasing: bytes[0..<min(filled, NPYHeader.preambleLength)])
        try ColumnarInput.refuseUnseekable(preamble, codec: codec, name: path)
        try ForeignFormat.check(start: preamble, path: path)
        if preamble.starts(with: NPYHeader.magic) {
            guard let length = try NPYHeader.totalLength(preamble, path: path) else {
                throw XStreamError(.invalidHeader, "truncated .npy header", at: Location(path))
            }
            guard length <= limit else {
                throw XStreamError(
                    .invalidHeader, ".npy header of \(length) bytes is over the limit of \(limit)", at: Location(path))
            }
            while filled < length, !sawEnd {
                filled += try read(into: bytes, from: filled, upTo: filled + options.chunkSize)
            }
            let header = try NPYHeader(UnsafeRawBufferPointer(rebasing: bytes[0..<filled]), path: path)
            let layout = try NPYLayout(header: header, selection: selection, path: path)
            try task?.checkColumns(layout.columns, input: path)
            // A chunk buffer must hold a whole record.
            guard layout.recordSize <= limit else {
                throw XStreamError(
                    .invalidHeader, ".npy records of \(layout.recordSize) bytes are over the limit of \(limit)",
                    at: Location(path), remedy: .allowLongerLines)
            }
            return (.npy(layout), header.headerLength)
        }
        let firstLineRead = firstNewline(bytes, in: 0..<filled) ?? filled
        let firstLine = UnsafeRawBufferPointer(rebasing: bytes[0..<firstLineRead])
        try ForeignFormat.checkText(header: firstLine, delimiter: options.delimiter, path: path)
        var searchFrom = 0
        while true {
            if let newline = firstNewline(bytes, in: searchFrom..<filled) {
                return (try csvFormat(header: UnsafeRawBufferPointer(rebasing: bytes[0..<newline])), newline + 1)
            }
            if sawEnd {
                let format = try csvFormat(header: UnsafeRawBufferPointer(rebasing: bytes[0..<filled]))
                return (format, filled)
            }
            if filled > limit { throw lineTooLong() }
            searchFrom = filled
            filled += try read(into: bytes, from: filled, upTo: filled + options.chunkSize)
        }
    }

    private func csvFormat(header: UnsafeRawBufferPointer) throws -> RecordFormat {
        let layout = try CSVLayout(
            headerLine: header, delimiter: options.delimiter, selection: selection,
            repeatedHeaders: options.repeatedHeaders, path: path)
        try task?.checkColumns(layout.columns, input: path)
        return .csv(layout)
    }

    /// Decompresses into `bytes[from..<upTo]`; sets `sawEnd` when the input is exhausted.
    func read(into bytes: UnsafeMutableRawBufferPointer, from: Int, upTo: Int) throws -> Int {
        guard !sawEnd, upTo > from else { return 0 }
        let count = try decoder.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[from..<upTo]))
        if count < upTo - from { sawEnd = true }
        decompressedBytes += count
        return count
    }

    private func lastNewline(_ bytes: UnsafeMutableRawBufferPointer, in range: Range<Int>) -> Int? {
        // Records are short, so a backward scan finds the last newline after a few bytes.
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            if bytes[index] == UInt8(ascii: "\n") { return index }
        }
        return nil
    }

    private func firstNewline(_ bytes: UnsafeMutableRawBufferPointer, in range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        guard let found = memchr(bytes.baseAddress! + range.lowerBound, Int32(UInt8(ascii: "\n")), range.count)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(bytes.baseAddress!)
    }

    private func lineTooLong() -> XStreamError {
        XStreamError(
            .lineTooLong,
            "a line is longer than \(options.effectiveMaxLineLength) bytes (at decompressed byte \(decompressedBytes))",
            at: Location(path), remedy: .allowLongerLines)
    }
}
