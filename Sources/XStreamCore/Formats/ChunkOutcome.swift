/// One invalid row, located within its chunk; the engine turns the chunk-local position into a line number.
struct InvalidRowSample: Sendable {
    /// Why the row is invalid.
    var reason: InvalidReason
    /// The row's position within the chunk, from 0: its line (CSV) or record (`.npy`) offset.
    var localPosition: Int
    /// What is wrong, without the location (e.g. `column "pred": "abc" is not a number`).
    var message: String
}

/// What parsing one chunk found besides the metric terms: how far it got and which rows were invalid.
///
/// Reused by a worker from chunk to chunk; ``reset()`` keeps its storage.
struct ChunkOutcome {
    /// At most this many sample locations are kept per reason.
    static let samplesPerReason = 5

    /// Lines (CSV) or records (`.npy`) consumed, including invalid ones.
    var positions = 0
    /// Invalid rows by ``InvalidReason`` (indexed by the reason's position in `allCases`).
    var invalidCounts = [Int](repeating: 0, count: InvalidReason.allCases.count)
    /// The first few invalid rows of each reason, in chunk order.
    var samples: [InvalidRowSample] = []
    /// True when strict mode stopped the chunk at its first invalid row.
    var stopped = false

    mutating func reset() {
        positions = 0
        for i in invalidCounts.indices { invalidCounts[i] = 0 }
        samples.removeAll(keepingCapacity: true)
        stopped = false
    }

    /// Counts an invalid row, keeps its location while there are few of its reason, and in strict mode stops.
    mutating func recordInvalid(
        _ reason: InvalidReason, at position: Int, strict: Bool, message: @autoclosure () -> String
    ) {
        let index = InvalidReason.allCases.firstIndex(of: reason)!
        invalidCounts[index] += 1
        if invalidCounts[index] <= Self.samplesPerReason {
            samples.append(InvalidRowSample(reason: reason, localPosition: position, message: message()))
        }
        if strict { stopped = true }
    }

    /// Total invalid rows in this chunk.
    var invalidRows: Int { invalidCounts.reduce(0, +) }
}

extension RowProblem {
    /// The message for this problem, naming the column by its slot.
    func message(slotNames: [String], settings: EvaluationSettings, predictionCount: Int) -> String {
        let column = slot >= 0 ? "column \"\(slotNames[slot])\": " : ""
        switch reason {
        case .probabilityOutOfRange:
            return "\(column)\(value.shortDescription) is not a probability (expected a value in [0, 1])"
        case .labelOutOfRange:
            return "\(column)\(value.shortDescription) is outside [0, 1] (expected a label in [0, 1])"
        case .invalidClassIndex:
            return
                "\(column)\(value.shortDescription) is not a class index (expected an integer in [0, \(predictionCount)))"
        case .probabilitySum:
            return
                "the predicted probabilities sum to \(value.shortDescription), more than \(settings.sumTolerance.shortDescription) away from 1 (logits instead of probabilities?)"
        case .targetSum:
            return
                "the target probabilities sum to \(value.shortDescription), more than \(settings.sumTolerance.shortDescription) away from 1"
        case .nonFinite:
            return "\(column)\(value.shortDescription) is not a finite number"
        case .notANumber, .fieldCount, .malformedQuote:
            return "\(column)invalid row"
        }
    }
}

extension Double {
    /// The shortest text that reads back as this double (`0.1`, `1e-05`, `inf`).
    var shortDescription: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return description
    }
}
