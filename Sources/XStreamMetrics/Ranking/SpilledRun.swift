import Synchronization
import XStreamCodecs

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A sorted run written to a temporary file: its entries in ``ScoreRunEncoding``, compressed as one LZ4 frame
/// with its content checksum.
///
/// The file lives as long as this object: it is removed when the last reference goes (an evaluation that
/// ends, fails or is abandoned), and registered with ``TemporaryFiles`` so that an interrupted process removes
/// it too. What it should hold (entries, positive and negative rows) is kept here and checked on reading.
package final class SpilledRun: Sendable {
    /// The file's path.
    package let path: String
    /// Distinct scores in the run.
    package let entries: Int
    /// Positive and negative rows in the run.
    package let positives: UInt64
    package let negatives: UInt64

    private static let serial = Atomic<Int>(0)

    /// Writes the entries of `source` to a new file in `directory`.
    /// - Throws: ``XStreamError`` (`outputFailed`) when the file cannot be created or written (the file is
    ///   removed); what `source` throws.
    package init(_ source: any ScoreEntrySource, directory: String) throws {
        let number = Self.serial.wrappingAdd(1, ordering: .relaxed).newValue
        path = "\(directory)/.xstream-ranking-\(getpid())-\(number).lz4"
        TemporaryFiles.register(path)
        var entries = 0
        var positives: UInt64 = 0
        var negatives: UInt64 = 0
        do {
            let encoder = try StreamEncoder(sink: FileByteSink(path: path), codec: .lz4, level: 0)
            var batch: [ScoreEntry] = []
            var bytes: [UInt8] = []
            var previousKey: UInt64 = 0
            while true {
                try source.next(&batch)
                if batch.isEmpty { break }
                ScoreRunEncoding.encode(batch, after: &previousKey, into: &bytes)
                for entry in batch {
                    positives += entry.positives
                    negatives += entry.negatives
                }
                entries += batch.count
                try bytes.withUnsafeBytes { try encoder.write($0) }
            }
            try encoder.finish()
        } catch {
            unlink(path)
            TemporaryFiles.unregister(path)
            throw error
        }
        self.entries = entries
        self.positives = positives
        self.negatives = negatives
    }

    deinit {
        unlink(path)
        TemporaryFiles.unregister(path)
    }

    /// A reader of the run's entries, checked as they come.
    /// - Throws: ``XStreamError`` when the file cannot be opened.
    package func reader() throws -> any ScoreEntrySource { try SpilledRunReader(self) }
}

/// Reads a ``SpilledRun`` back a batch at a time: decompressed (its checksum verified by the decoder), decoded,
/// every entry checked, and at the end its totals compared with what was written.
private final class SpilledRunReader: ScoreEntrySource {
    private let run: SpilledRun
    private let decoder: StreamDecoder
    private var decoded = ScoreRunDecoder()
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    /// Bytes at the front of `buffer` not yet decoded (an entry cut by the end of the last read).
    private var pending = 0
    private var ended = false

    init(_ run: SpilledRun) throws {
        self.run = run
        decoder = try StreamDecoder(source: FileByteSource(path: run.path), name: run.path)
    }

    func next(_ batch: inout [ScoreEntry]) throws {
        batch.removeAll(keepingCapacity: true)
        while batch.isEmpty, !ended {
            let read = try buffer.withUnsafeMutableBytes {
                try decoder.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[pending...]))
            }
            let available = pending + read
            do {
                let consumed = try buffer.withUnsafeBytes {
                    try decoded.decode(UnsafeRawBufferPointer(rebasing: $0[..<available]), into: &batch)
                }
                pending = available - consumed
                if pending > 0 {
                    buffer.withUnsafeMutableBytes {
                        $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[consumed..<available]))
                    }
                }
                if read == 0 {
                    ended = true
                    guard pending == 0 else { throw ScoreRunDecoder.Failure(reason: "the file ends inside a score") }
                    try decoded.check(entries: run.entries, positives: run.positives, negatives: run.negatives)
                }
            } catch let failure as ScoreRunDecoder.Failure {
                throw XStreamError(
                    .corruptData, "temporary ranking file damaged: \(failure.reason)", at: Location(run.path))
            }
        }
    }
}
