import XStreamMetrics

/// A report's metrics in report order, written as a JSON object from metric name to value.
public struct MetricValues: Sendable, Equatable, Codable {
    /// The metrics, in the task's report order.
    public var entries: [(name: MetricName, value: Double)]

    /// - Parameter entries: The metrics, in report order.
    public init(_ entries: [(name: MetricName, value: Double)]) { self.entries = entries }

    /// The value of `metric`, or nil when the report does not have it.
    public subscript(metric: MetricName) -> Double? { entries.first { $0.name == metric }?.value }

    /// Equal when the names match in order and the values bit for bit.
    public static func == (lhs: MetricValues, rhs: MetricValues) -> Bool {
        lhs.entries.map(\.name) == rhs.entries.map(\.name)
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.value.bitPattern == $1.value.bitPattern }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads the metrics xstream knows, in the order written; names of other metrics are skipped.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        entries = try container.allKeys.compactMap { key in
            guard let name = MetricName(rawValue: key.stringValue) else { return nil }
            return (name, try container.decode(Double.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in entries { try container.encode(value, forKey: Key(stringValue: name.rawValue)) }
    }
}
