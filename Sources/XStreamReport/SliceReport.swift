import XStreamEngine
import XStreamFormats
import XStreamMetrics

/// One slice in a report: `{"key": {COLUMN: VALUE, ...}, "rows": n, "weight_sum": w, "metrics": {...}}`.
public struct SliceReport: Sendable, Equatable, Codable {
    /// Slice column → value, in the order the columns were named.
    public var key: [(column: String, value: String)]
    /// Valid rows of the slice.
    public var rows: Int
    /// The rounded exact sum of the slice's weights, with a weight column.
    public var weightSum: Double?
    /// The slice's metrics, the same names as the whole report's.
    public var metrics: MetricValues

    private enum CodingKeys: String, CodingKey {
        case key, rows
        case weightSum = "weight_sum"
        case metrics
    }

    private struct ColumnKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The report of `slice`, whose key values belong to `columns`.
    public init(_ slice: SliceResult, columns: [String]) {
        key = Array(zip(columns, slice.key.values))
        rows = slice.partial.rows
        weightSum = slice.partial.weighted?.weight.value
        metrics = MetricValues(slice.metrics.map { ($0.name, $0.value) })
    }

    /// The key as `column=value` pairs, for messages and the table.
    public var keyText: String { key.map { "\($0.column)=\($0.value)" }.joined(separator: " ") }

    public static func == (lhs: SliceReport, rhs: SliceReport) -> Bool {
        lhs.key.map(\.column) == rhs.key.map(\.column) && lhs.key.map(\.value) == rhs.key.map(\.value)
            && lhs.rows == rhs.rows && lhs.weightSum?.bitPattern == rhs.weightSum?.bitPattern
            && lhs.metrics == rhs.metrics
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let keyContainer = try container.nestedContainer(keyedBy: ColumnKey.self, forKey: .key)
        key = try keyContainer.allKeys.map { ($0.stringValue, try keyContainer.decode(String.self, forKey: $0)) }
        rows = try container.decode(Int.self, forKey: .rows)
        weightSum = try container.decodeIfPresent(Double.self, forKey: .weightSum)
        metrics = try container.decode(MetricValues.self, forKey: .metrics)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var keyContainer = container.nestedContainer(keyedBy: ColumnKey.self, forKey: .key)
        for (column, value) in key { try keyContainer.encode(value, forKey: ColumnKey(stringValue: column)) }
        try container.encode(rows, forKey: .rows)
        try container.encodeIfPresent(weightSum, forKey: .weightSum)
        try container.encode(metrics, forKey: .metrics)
    }
}
