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
final class ShardReader {
    /// The input's position in the input list.
    let input: Int
    /// The path as the user gave it.
    var path: String { decoder.path }
    /// The codec detected from the first bytes.
    var codec: Codec { decoder.codec }
    /// Compressed bytes consumed so far.
    var compressedBytes: Int { decoder.compressedBytes }
    /// Decompressed bytes produced so far.
    private(set) var decompressedBytes = 0
    /// The record format, known once the first chunk has been read (nil for an empty input).
    private(set) var format: RecordFormat?

    private let decoder: StreamDecoder
    private let options: EvaluationOptions
    private let carry: UnsafeMutableRawBufferPointer
    private var carryCount = 0
    private var nextSequence = 0
    private var sawEnd = false
    private var headerRead = false

    /// The capacity every chunk buffer needs for `options`: a chunk, the longest line, and a closing newline.
    static func bufferCapacity(for options: EvaluationOptions) -> Int {
        options.chunkSize + options.effectiveMaxLineLength + 1
    }

    /// Opens the input and detects its codec.
    /// - Throws: ``XStreamError`` when it cannot be opened or its first frames are cut short.
    init(input: Int, path: String, options: EvaluationOptions) throws {
        self.input = input
        self.options = options
        decoder = try StreamDecoder(path: path, maxWindowLog: options.maxWindowLog)
        carry = .allocate(byteCount: options.effectiveMaxLineLength + 1, alignment: 16)
    }

    deinit { carry.deallocate() }

    /// Reads the next chunk into `buffer`.
    /// - Returns: the chunk, or nil when the input has no more records.
    /// - Throws: ``XStreamError`` for decoding errors, a bad header, or a line over the limit.
    func readChunk(into buffer: ChunkBuffer) throws -> Chunk? {
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
        let start = 0
        guard let format else { return nil }
        let limit = options.effectiveMaxLineLength
        var searchFrom = start
        while true {
            if let newline = lastNewline(bytes, in: searchFrom..<filled) {
                let cut = newline + 1
                carryCount = filled - cut
                if carryCount > limit { throw lineTooLong() }
                carry.baseAddress!.copyMemory(from: bytes.baseAddress! + cut, byteCount: carryCount)
                return (start..<cut, format)
            }
            if sawEnd {
                if filled == start { return nil }
                bytes[filled] = UInt8(ascii: "\n")
                return (start..<filled + 1, format)
            }
            if filled - start > limit { throw lineTooLong() }
            searchFrom = filled
            filled += try read(into: bytes, from: filled, upTo: filled + options.chunkSize)
        }
    }

    /// Reads the CSV header line; returns the layout and where the records start.
    private func readHeader(_ bytes: UnsafeMutableRawBufferPointer, filled: inout Int) throws -> (RecordFormat, Int)? {
        if filled == 0 { return nil }
        let limit = options.effectiveMaxLineLength
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
        let names = try CSVLayout.splitHeader(header, delimiter: options.delimiter, path: path)
        return .csv(try CSVLayout(
            header: names, delimiter: options.delimiter, selection: options.columns, task: options.settings.task,
            path: path))
    }

    /// Decompresses into `bytes[from..<upTo]`; sets `sawEnd` when the input is exhausted.
    private func read(into bytes: UnsafeMutableRawBufferPointer, from: Int, upTo: Int) throws -> Int {
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
            "\(path): a line is longer than \(options.effectiveMaxLineLength) bytes (at decompressed byte \(decompressedBytes)); raise --max-line-length if that is expected"
        )
    }
}
