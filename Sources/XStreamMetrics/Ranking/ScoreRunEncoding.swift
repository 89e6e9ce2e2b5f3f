/// The compact byte form of a sorted run, as spill files and partials hold it: per distinct score, three
/// LEB128 varints — the key's increase over the previous key (the first key itself), the positives, the
/// negatives. Distinct probabilities take about 6 to 10 bytes, heavy ties a few bytes per tie group.
package enum ScoreRunEncoding {
    /// The most bytes one entry takes: three varints of at most 10 bytes.
    static let maximumEntryBytes = 30

    /// Replaces `bytes` with the encoding of `entries`, which follow the entry of key `previousKey` (0 before
    /// the first), and moves `previousKey` to the last one's.
    package static func encode(_ entries: [ScoreEntry], after previousKey: inout UInt64, into bytes: inout [UInt8]) {
        let capacity = maximumEntryBytes * entries.count
        if bytes.count < capacity { bytes = [UInt8](repeating: 0, count: capacity) }
        var key = previousKey
        let written = bytes.withUnsafeMutableBufferPointer { output in
            var offset = 0
            @inline(__always) func varint(_ value: UInt64) {
                var value = value
                while value >= 0x80 {
                    output[offset] = UInt8(truncatingIfNeeded: value) | 0x80
                    offset += 1
                    value >>= 7
                }
                output[offset] = UInt8(value)
                offset += 1
            }
            for entry in entries {
                varint(entry.key &- key)
                varint(entry.positives)
                varint(entry.negatives)
                key = entry.key
            }
            return offset
        }
        previousKey = key
        bytes.removeLast(bytes.count - written)
    }
}

/// Reads the entries of ``ScoreRunEncoding`` back, checking each: keys strictly increasing without overflow,
/// every entry counting at least one row, varints of at most 64 bits.
package struct ScoreRunDecoder {
    /// The key of the last entry read.
    private var previousKey: UInt64 = 0
    /// Entries read so far.
    package private(set) var entries = 0
    /// Positive and negative rows read so far.
    package private(set) var positives: UInt64 = 0
    package private(set) var negatives: UInt64 = 0

    package init() {}

    /// Why bytes are not a run.
    package struct Failure: Error {
        package var reason: String
    }

    /// Decodes the complete entries at the front of `bytes`.
    /// - Returns: the bytes consumed (a trailing incomplete entry is left for the next call).
    /// - Throws: ``Failure`` for an entry that breaks the run's rules.
    package mutating func decode(_ bytes: UnsafeRawBufferPointer, into output: inout [ScoreEntry]) throws -> Int {
        var offset = 0
        while true {
            var position = offset
            guard let delta = try Self.varint(bytes, &position), let positives = try Self.varint(bytes, &position),
                let negatives = try Self.varint(bytes, &position)
            else { return offset }
            let (key, overflow) = previousKey.addingReportingOverflow(delta)
            guard !overflow, entries == 0 || delta > 0 else { throw Failure(reason: "scores out of order") }
            guard positives > 0 || negatives > 0 else { throw Failure(reason: "a score with no rows") }
            let (sumPositives, overflowPositives) = self.positives.addingReportingOverflow(positives)
            let (sumNegatives, overflowNegatives) = self.negatives.addingReportingOverflow(negatives)
            guard !overflowPositives, !overflowNegatives, sumPositives | sumNegatives < 1 << 63 else {
                throw Failure(reason: "counts beyond 2^63")
            }
            self.positives = sumPositives
            self.negatives = sumNegatives
            previousKey = key
            entries += 1
            output.append(ScoreEntry(key: key, positives: positives, negatives: negatives))
            offset = position
        }
    }

    /// Checks that what was read adds up to what the run's holder recorded.
    package func check(entries: Int, positives: UInt64, negatives: UInt64) throws {
        guard entries == self.entries, positives == self.positives, negatives == self.negatives else {
            throw Failure(
                reason: "\(self.entries) scores of \(self.positives) positive and \(self.negatives) negative rows, "
                    + "not the \(entries) scores of \(positives) and \(negatives) recorded")
        }
    }

    /// The varint at `position`, or nil when the bytes end inside it.
    @inline(__always)
    private static func varint(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) throws -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            guard shift < 63 || (shift == 63 && byte <= 1) else { throw Failure(reason: "a count beyond 64 bits") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
