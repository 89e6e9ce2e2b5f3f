import XStreamCodecs
import XStreamFormats
import XStreamMetrics

extension EvaluationPartial {
    /// Every setting that changes the numbers, by the name the partial format gives it, in a fixed order, each
    /// written exactly. Two partials merge only when these agree; a setting added later belongs here.
    var numericSettings: [(name: String, value: String)] {
        [
            ("task", settings.task.rawValue), ("eps", settings.epsilon.hexFloatDescription),
            ("sum_tolerance", settings.sumTolerance.hexFloatDescription),
            ("prediction_format", settings.predictionFormat.rawValue),
            ("weight_column", weightColumn.map { "\"\($0)\"" } ?? "none"),
            ("slice_columns", "[" + sliceColumns.map { "\"\($0)\"" }.joined(separator: ", ") + "]"),
            ("auc", settings.ranksPredictions ? "true" : "false"),
        ]
    }

    /// Merges partials into one, in the order given: the merged inputs are the first partial's, then the
    /// second's, and so on, and the invalid-row examples stay the first few per reason in that order.
    /// - Parameters:
    ///   - partials: The partials, at least one.
    ///   - names: Their names (file paths), for messages.
    ///   - maxSlices: The most distinct slice keys the merged state may hold (as `--max-slices` in an
    ///     evaluation: the slices of separate partials add up).
    /// - Throws: ``XStreamError`` (`incompatiblePartials`) naming the first difference: a setting that changes
    ///   the numbers, the label or prediction columns, or an input that two partials hold (by fingerprint and
    ///   size, or by name), which would be counted twice; (`tooManySlices`) past `maxSlices` keys.
    public static func merged(
        _ partials: [EvaluationPartial], names: [String], maxSlices: Int = EvaluationOptions.defaultMaxSlices
    ) throws -> EvaluationPartial {
        precondition(!partials.isEmpty && partials.count == names.count)
        var merged = partials[0]
        var seenContent: [String: (input: String, partial: String)] = [:]
        var seenNames: [String: String] = [:]
        for (index, next) in partials.enumerated() {
            if index > 0 { try merged.checkCompatible(with: next, firstName: names[0], name: names[index]) }
            // Only across partials: one evaluation given the same file twice counts it twice, and so does its merge.
            var content: [String: (input: String, partial: String)] = [:]
            var namesHere: [String: String] = [:]
            for input in next.inputs where input.contributesRows {
                let key = "\(input.fingerprint)/\(input.summary.compressedBytes)"
                let name = input.summary.path
                if let earlier = seenContent[key] {
                    throw XStreamError(
                        .incompatiblePartials,
                        "counted twice: input \(name) in \(names[index]) has the same bytes as \(earlier.input) "
                            + "in \(earlier.partial) (\(input.fingerprint), \(input.summary.compressedBytes) bytes)")
                }
                if name != "-", let earlier = seenNames[name] {
                    throw XStreamError(
                        .incompatiblePartials,
                        "counted twice: input \(name) is in both \(earlier) and \(names[index])")
                }
                content[key] = (name, names[index])
                if name != "-" { namesHere[name] = names[index] }
            }
            seenContent.merge(content) { first, _ in first }
            seenNames.merge(namesHere) { first, _ in first }
            if index > 0 { merged.absorb(next) }
            if merged.slices.count > maxSlices {
                throw XStreamError(
                    .tooManySlices,
                    "more than \(maxSlices) distinct slice keys in the merged partials (after \(names[index])): "
                        + "the slices would not fit the limit",
                    remedy: .allowMoreSlices)
            }
        }
        return merged
    }

    private func checkCompatible(with other: EvaluationPartial, firstName: String, name: String) throws {
        for (mine, theirs) in zip(numericSettings, other.numericSettings) where mine.value != theirs.value {
            throw XStreamError(
                .incompatiblePartials,
                "\(name) differs from \(firstName) in \(mine.name): \(theirs.value), not \(mine.value)")
        }
        let columns: [(String, [String]?, [String]?)] = [
            ("label columns", labelColumns, other.labelColumns),
            ("prediction columns", predictionColumns, other.predictionColumns),
        ]
        for (what, mine, theirs) in columns {
            guard let mine, let theirs, mine != theirs else { continue }
            let list = { (names: [String]) in "[" + names.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
            throw XStreamError(
                .incompatiblePartials,
                "\(name) differs from \(firstName) in \(what): \(list(theirs)), not \(list(mine))")
        }
    }

    /// Adds a compatible partial's inputs, sums, counts and examples after this one's.
    private mutating func absorb(_ other: EvaluationPartial) {
        labelColumns = labelColumns ?? other.labelColumns
        predictionColumns = predictionColumns ?? other.predictionColumns
        partial.merge(other.partial)
        slices.merge(other.slices) { mine, theirs in
            var merged = mine
            merged.merge(theirs)
            return merged
        }
        inputs += other.inputs
        threads += other.threads
        elapsedSeconds = max(elapsedSeconds, other.elapsedSeconds)
        // ISO 8601 UTC text sorts as the times do; an empty partial has no start.
        if startedAt.isEmpty || (!other.startedAt.isEmpty && other.startedAt < startedAt) {
            startedAt = other.startedAt
        }
        if let theirs = other.peakResidentBytes { peakResidentBytes = max(peakResidentBytes ?? 0, theirs) }
        let mine = Dictionary(uniqueKeysWithValues: invalidBreakdown.map { ($0.reason, $0) })
        let theirs = Dictionary(uniqueKeysWithValues: other.invalidBreakdown.map { ($0.reason, $0) })
        invalidBreakdown = InvalidReason.allCases.compactMap { reason in
            switch (mine[reason], theirs[reason]) {
            case (nil, nil): return nil
            case (let one?, nil), (nil, let one?): return one
            case (let first?, let second?):
                return InvalidRowSummary(
                    reason: reason, count: first.count + second.count,
                    examples: Array((first.examples + second.examples).prefix(ChunkOutcome.samplesPerReason)))
            }
        }
    }
}
