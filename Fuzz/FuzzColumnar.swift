// libFuzzer target over the columnar readers, fed whole files: the Parquet footer (Thrift compact reader,
// metadata, schema resolution), page headers, codecs, levels and every value encoding; and the Arrow IPC reader
// (FlatBuffers tables, schema, record batches, body compression, the file's footer, dictionary batches), each
// under a few column selections, with every decoded row copied out and its slice keys read as the engine would.
// Built against the core's modules by `scripts/fuzz columnar`; any crash, sanitizer report, hang or runaway
// allocation is a finding.

import XStreamCodecs
import XStreamCore
import XStreamFormats

/// The fuzzer's bytes as a file Parquet can seek in.
private final class MemoryFile: RandomAccessByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var byteCount: Int { bytes.count }

    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        guard offset >= 0, offset <= bytes.count - buffer.count else {
            throw XStreamError(.truncatedData, "read past the end", at: Location("fuzz"))
        }
        bytes.withUnsafeBytes {
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + buffer.count]))
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        try read(at: offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]))
        offset += count
        return count
    }
}

/// The column names of the seeds: binary, multiclass and regression fixtures, unused columns read as used, and
/// the slice fixtures' key columns, one (its key table's texts as the keys) and several (their ids interned).
private let selections = [
    ColumnSelection(preferredPrediction: "pred"), ColumnSelection(labels: ["label"], predictions: ["p*"]),
    ColumnSelection(labels: ["y"], predictions: ["yhat"]), ColumnSelection(labels: ["id"], predictions: ["weight"]),
    slicing(["region"]), slicing(["device", "tier", "uid", "flag", "bucket"]),
]

/// The binary fixtures' columns, sliced by `columns`.
private func slicing(_ columns: [String]) -> ColumnSelection {
    var selection = ColumnSelection(preferredPrediction: "pred")
    selection.slices = columns
    return selection
}

/// Reads every row group or batch of `source`, copying its rows out a few at a time and reading their slice
/// keys.
private func drain(_ source: any ColumnarSource) throws {
    let layout = source.layout
    var records = [Double](repeating: 0, count: 64 * max(layout.recordStride, 1))
    while let rows = try source.nextRowGroup() {
        var start = 0
        while start < rows {
            let end = min(rows, start + 64)
            try records.withUnsafeMutableBufferPointer { try source.copyRows(start..<end, into: $0.baseAddress!) }
            if !layout.columns.sliceColumns.isEmpty {
                let keys = records.withUnsafeBytes {
                    SliceKeyReader.keys(
                        of: UnsafeRawBufferPointer(rebasing: $0[..<((end - start) * layout.recordSize)]),
                        format: .columnar(layout), keyTable: source.keyTable)
                }
                precondition(keys.keyIndices.allSatisfy { $0 >= 0 && Int($0) < keys.keys.count })
            }
            start = end
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzColumnar(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for selection in selections {
        if let file = try? ParquetFile(source: MemoryFile(bytes), input: "fuzz", selection: selection) {
            try? drain(file)
        }
        let stream = MemoryByteSource(Array(bytes.dropFirst(8)))
        if let reader = try? ArrowStreamReader(
            prefix: Array(bytes.prefix(8)), input: "fuzz", selection: selection, pull: { try stream.read(into: $0) })
        {
            try? drain(reader)
        }
    }
    return 0
}
