import XStreamCodecs
import XStreamFormats
import XStreamMetrics

/// The partial format's JSON members (`docs/partial-format.md`): settings written exactly (doubles as C99
/// hexadecimal floats), the exact sums as their normalized limbs, and every member checked on reading.
extension EvaluationPartial: Codable {
    private enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case xstreamVersion = "xstream_version"
        case settings, metrics, slices
        case invalidRows = "invalid_rows"
        case invalidBreakdown = "invalid_breakdown"
        case inputs, threads
        case startedAt = "started_at"
        case elapsedSeconds = "elapsed_seconds"
        case peakResidentBytes = "peak_rss_bytes"
        /// Written and checked by the file layer (`EvaluationPartial+File`), ignored here.
        case checksum
    }

    private enum SettingsKeys: String, CodingKey {
        case task, eps
        case sumTolerance = "sum_tolerance"
        case labelColumns = "label_columns"
        case predictionColumns = "prediction_columns"
        case predictionFormat = "prediction_format"
        case weightColumn = "weight_column"
        case sliceColumns = "slice_columns"
        case auc
    }

    private enum SliceKeys: String, CodingKey {
        case key, metrics
    }

    private enum MetricsKeys: String, CodingKey {
        case rows, elements, correct, sums, weighted, ranking
    }

    private enum WeightedKeys: String, CodingKey {
        case weight, correct
        case crossEntropy = "cross_entropy"
        case absoluteError = "absolute_error"
        case squaredError = "squared_error"
    }

    private enum SumKeys: String, CodingKey {
        case crossEntropy = "cross_entropy"
        case absoluteError = "absolute_error"
        case squaredError = "squared_error"
    }

    private enum InputKeys: String, CodingKey {
        case path, format, codec, rows
        case invalidRows = "invalid_rows"
        case compressedBytes = "compressed_bytes"
        case decompressedBytes = "decompressed_bytes"
        case fingerprint
    }

    /// Reads a partial, refusing another format or version. (Members this version does not know are refused by
    /// the file layer, which sees the JSON text.)
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Self.formatName else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: container, debugDescription: "\"\(format)\" is not \"\(Self.formatName)\"")
        }
        let version = try container.decode(Int.self, forKey: .formatVersion)
        guard version == Self.formatVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .formatVersion, in: container,
                debugDescription: "format version \(version); this xstream reads version \(Self.formatVersion)")
        }
        xstreamVersion = try container.decode(String.self, forKey: .xstreamVersion)

        let settingsContainer = try container.nestedContainer(keyedBy: SettingsKeys.self, forKey: .settings)
        func exact(_ key: SettingsKeys) throws -> Double {
            let text = try settingsContainer.decode(String.self, forKey: key)
            guard let value = Double(hexFloat: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: settingsContainer, debugDescription: "\"\(text)\" is not a hexadecimal float")
            }
            return value
        }
        settings = EvaluationSettings(
            task: try settingsContainer.decode(PredictionTask.self, forKey: .task), epsilon: try exact(.eps),
            sumTolerance: try exact(.sumTolerance),
            predictionFormat: try settingsContainer.decodeIfPresent(PredictionFormat.self, forKey: .predictionFormat)
                ?? .probability)
        settings.ranksPredictions = try settingsContainer.decodeIfPresent(Bool.self, forKey: .auc) ?? false
        weightColumn = try settingsContainer.decodeIfPresent(String.self, forKey: .weightColumn)
        sliceColumns = try settingsContainer.decodeIfPresent([String].self, forKey: .sliceColumns) ?? []
        labelColumns = try settingsContainer.decodeIfPresent([String].self, forKey: .labelColumns)
        predictionColumns = try settingsContainer.decodeIfPresent([String].self, forKey: .predictionColumns)

        partial = try Self.decodeMetrics(
            container.nestedContainer(keyedBy: MetricsKeys.self, forKey: .metrics), weighted: weightColumn != nil,
            ranked: settings.ranksPredictions)
        slices = [:]
        if !sliceColumns.isEmpty {
            var list = try container.nestedUnkeyedContainer(forKey: .slices)
            while !list.isAtEnd {
                let entry = try list.nestedContainer(keyedBy: SliceKeys.self)
                let key = SliceKey(try entry.decode([String].self, forKey: .key))
                guard key.values.count == sliceColumns.count, slices[key] == nil else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .key, in: entry, debugDescription: "a slice key of the wrong length, or twice")
                }
                slices[key] = try Self.decodeMetrics(
                    entry.nestedContainer(keyedBy: MetricsKeys.self, forKey: .metrics), weighted: weightColumn != nil,
                    ranked: settings.ranksPredictions)
            }
        }
        invalidBreakdown = try container.decode([InvalidRowSummary].self, forKey: .invalidBreakdown)
        guard try container.decode(Int.self, forKey: .invalidRows) == invalidBreakdown.reduce(0, { $0 + $1.count })
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .invalidRows, in: container, debugDescription: "not the sum of the breakdown's counts")
        }
        var inputList = try container.nestedUnkeyedContainer(forKey: .inputs)
        inputs = []
        while !inputList.isAtEnd {
            let input = try inputList.nestedContainer(keyedBy: InputKeys.self)
            let summary = InputSummary(
                path: try input.decode(String.self, forKey: .path),
                format: try input.decodeIfPresent(String.self, forKey: .format),
                codec: try input.decode(Codec.self, forKey: .codec), rows: try input.decode(Int.self, forKey: .rows),
                invalidRows: try input.decode(Int.self, forKey: .invalidRows),
                compressedBytes: try input.decode(Int.self, forKey: .compressedBytes),
                decompressedBytes: try input.decode(Int.self, forKey: .decompressedBytes))
            inputs.append(
                PartialInput(summary: summary, fingerprint: try input.decode(String.self, forKey: .fingerprint)))
        }
        guard inputs.reduce(0, { $0 + $1.summary.rows }) == partial.rows else {
            throw DecodingError.dataCorruptedError(
                forKey: .inputs, in: container, debugDescription: "the inputs' rows do not add up to the rows")
        }
        threads = try container.decode(Int.self, forKey: .threads)
        startedAt = try container.decode(String.self, forKey: .startedAt)
        elapsedSeconds = try container.decode(Double.self, forKey: .elapsedSeconds)
        peakResidentBytes = try container.decodeIfPresent(Int.self, forKey: .peakResidentBytes)
    }

    /// Writes the members in the order the format specifies (without the checksum, which the file layer adds).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatName, forKey: .format)
        try container.encode(Self.formatVersion, forKey: .formatVersion)
        try container.encode(xstreamVersion, forKey: .xstreamVersion)
        var settingsContainer = container.nestedContainer(keyedBy: SettingsKeys.self, forKey: .settings)
        try settingsContainer.encode(settings.task, forKey: .task)
        try settingsContainer.encode(settings.epsilon.hexFloatDescription, forKey: .eps)
        try settingsContainer.encode(settings.sumTolerance.hexFloatDescription, forKey: .sumTolerance)
        try Self.encodeOptional(labelColumns, forKey: .labelColumns, in: &settingsContainer)
        try Self.encodeOptional(predictionColumns, forKey: .predictionColumns, in: &settingsContainer)
        // Written only when not the default, so unweighted partials of probabilities stay as before.
        if settings.predictionFormat != .probability {
            try settingsContainer.encode(settings.predictionFormat, forKey: .predictionFormat)
        }
        try settingsContainer.encodeIfPresent(weightColumn, forKey: .weightColumn)
        if !sliceColumns.isEmpty { try settingsContainer.encode(sliceColumns, forKey: .sliceColumns) }
        if settings.ranksPredictions { try settingsContainer.encode(true, forKey: .auc) }
        var metrics = container.nestedContainer(keyedBy: MetricsKeys.self, forKey: .metrics)
        try Self.encodeMetrics(partial, weighted: weightColumn != nil, into: &metrics)
        if !sliceColumns.isEmpty {
            var list = container.nestedUnkeyedContainer(forKey: .slices)
            for (key, slice) in slices.sorted(by: { $0.key < $1.key }) {
                var entry = list.nestedContainer(keyedBy: SliceKeys.self)
                try entry.encode(key.values, forKey: .key)
                var sliceMetrics = entry.nestedContainer(keyedBy: MetricsKeys.self, forKey: .metrics)
                try Self.encodeMetrics(slice, weighted: weightColumn != nil, into: &sliceMetrics)
            }
        }
        try container.encode(invalidRows, forKey: .invalidRows)
        try container.encode(invalidBreakdown, forKey: .invalidBreakdown)
        var inputList = container.nestedUnkeyedContainer(forKey: .inputs)
        for input in inputs {
            var entry = inputList.nestedContainer(keyedBy: InputKeys.self)
            try entry.encode(input.summary.path, forKey: .path)
            try Self.encodeOptional(input.summary.format, forKey: .format, in: &entry)
            try entry.encode(input.summary.codec, forKey: .codec)
            try entry.encode(input.summary.rows, forKey: .rows)
            try entry.encode(input.summary.invalidRows, forKey: .invalidRows)
            try entry.encode(input.summary.compressedBytes, forKey: .compressedBytes)
            try entry.encode(input.summary.decompressedBytes, forKey: .decompressedBytes)
            try entry.encode(input.fingerprint, forKey: .fingerprint)
        }
        try container.encode(threads, forKey: .threads)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(elapsedSeconds, forKey: .elapsedSeconds)
        try Self.encodeOptional(peakResidentBytes, forKey: .peakResidentBytes, in: &container)
    }

    private static func decodeMetrics(
        _ metrics: KeyedDecodingContainer<MetricsKeys>, weighted: Bool, ranked: Bool
    ) throws -> MetricPartial {
        var partial = MetricPartial()
        partial.rows = try metrics.decode(Int.self, forKey: .rows)
        partial.elements = try metrics.decode(Int.self, forKey: .elements)
        partial.correct = try metrics.decode(Int.self, forKey: .correct)
        let sums = try metrics.nestedContainer(keyedBy: SumKeys.self, forKey: .sums)
        partial.crossEntropy = try sums.decode(ExactSum.self, forKey: .crossEntropy)
        partial.absoluteError = try sums.decode(ExactSum.self, forKey: .absoluteError)
        partial.squaredError = try sums.decode(ExactSum.self, forKey: .squaredError)
        if metrics.contains(.weighted) != weighted {
            throw DecodingError.dataCorruptedError(
                forKey: .weighted, in: metrics,
                debugDescription: "weighted sums without a weight column, or the reverse")
        }
        if weighted {
            let weighted = try metrics.nestedContainer(keyedBy: WeightedKeys.self, forKey: .weighted)
            var sums = WeightedSums()
            sums.weight = try weighted.decode(ExactSum.self, forKey: .weight)
            sums.correct = try weighted.decode(ExactSum.self, forKey: .correct)
            sums.crossEntropy = try weighted.decode(WeightedSum.self, forKey: .crossEntropy)
            sums.absoluteError = try weighted.decode(WeightedSum.self, forKey: .absoluteError)
            sums.squaredError = try weighted.decode(WeightedSum.self, forKey: .squaredError)
            partial.weighted = sums
        }
        if metrics.contains(.ranking) != ranked {
            throw DecodingError.dataCorruptedError(
                forKey: .ranking, in: metrics, debugDescription: "a ranking without the ranking metrics, or the reverse"
            )
        }
        if ranked {
            let ranking = try metrics.decode(ScoreRanking.self, forKey: .ranking)
            guard ranking.positives + ranking.negatives == UInt64(partial.rows) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .ranking, in: metrics, debugDescription: "the ranking's rows are not the rows")
            }
            partial.ranking = ranking
        }
        return partial
    }

    private static func encodeMetrics(
        _ partial: MetricPartial, weighted: Bool, into metrics: inout KeyedEncodingContainer<MetricsKeys>
    ) throws {
        try metrics.encode(partial.rows, forKey: .rows)
        try metrics.encode(partial.elements, forKey: .elements)
        try metrics.encode(partial.correct, forKey: .correct)
        var sums = metrics.nestedContainer(keyedBy: SumKeys.self, forKey: .sums)
        try sums.encode(partial.crossEntropy, forKey: .crossEntropy)
        try sums.encode(partial.absoluteError, forKey: .absoluteError)
        try sums.encode(partial.squaredError, forKey: .squaredError)
        if let sums = partial.weighted, weighted {
            var weighted = metrics.nestedContainer(keyedBy: WeightedKeys.self, forKey: .weighted)
            try weighted.encode(sums.weight, forKey: .weight)
            try weighted.encode(sums.correct, forKey: .correct)
            try weighted.encode(sums.crossEntropy, forKey: .crossEntropy)
            try weighted.encode(sums.absoluteError, forKey: .absoluteError)
            try weighted.encode(sums.squaredError, forKey: .squaredError)
        }
        try metrics.encodeIfPresent(partial.ranking, forKey: .ranking)
    }

    private static func encodeOptional<Key: CodingKey, Value: Encodable>(
        _ value: Value?, forKey key: Key, in container: inout KeyedEncodingContainer<Key>
    ) throws {
        if let value { try container.encode(value, forKey: key) } else { try container.encodeNil(forKey: key) }
    }
}
