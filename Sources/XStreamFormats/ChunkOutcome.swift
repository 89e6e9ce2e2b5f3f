import XStreamCodecs

/// What parsing one chunk found besides the metric terms: how far it got and which rows were invalid.
///
/// Reused by a worker from chunk to chunk; ``reset()`` keeps its storage.
package struct ChunkOutcome {
    /// At most this many sample locations are kept per reason.
    package static let samplesPerReason = 5

    /// Lines (CSV) or records (`.npy`) consumed, including invalid ones.
    package var positions = 0
    /// Invalid rows by ``InvalidReason`` (indexed by the reason's position in `allCases`).
    package var invalidCounts = [Int](repeating: 0, count: InvalidReason.allCases.count)
    /// The first few invalid rows of each reason, in chunk order.
    package var samples: [InvalidRowSample] = []
    /// True when strict mode stopped the chunk at its first invalid row.
    package var stopped = false

    package init() {}

    package mutating func reset() {
        positions = 0
        for i in invalidCounts.indices { invalidCounts[i] = 0 }
        samples.removeAll(keepingCapacity: true)
        stopped = false
    }

    /// Counts an invalid row, keeps its location while there are few of its reason, and in strict mode stops.
    package mutating func recordInvalid(
        _ reason: InvalidReason, at position: Int, strict: Bool, message: @autoclosure () -> String,
        remedy: XStreamError.Remedy? = nil, column: @autoclosure () -> String? = nil,
        text: @autoclosure () -> String? = nil
    ) {
        let index = InvalidReason.allCases.firstIndex(of: reason)!
        invalidCounts[index] += 1
        if invalidCounts[index] <= Self.samplesPerReason {
            samples.append(
                InvalidRowSample(
                    reason: reason, localPosition: position, message: message(), remedy: remedy, column: column(),
                    text: text()))
        }
        if strict { stopped = true }
    }

    /// Total invalid rows in this chunk.
    package var invalidRows: Int { invalidCounts.reduce(0, +) }
}
