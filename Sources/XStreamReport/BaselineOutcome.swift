/// One limit against the baseline and what was observed.
public struct BaselineOutcome: Sendable, Equatable, Codable {
    /// The quantity's name.
    public var metric: String
    /// The limit as written, e.g. `max increase 0.5%`.
    public var limit: String
    /// The baseline's value.
    public var old: Double
    /// This run's value.
    public var new: Double
    /// new − old.
    public var change: Double
    /// (new − old) / |old|, in percent; nil when old is 0.
    public var relativeChangePercent: Double?
    /// True when the limit is exceeded, which fails the run.
    public var failed: Bool

    private enum CodingKeys: String, CodingKey {
        case metric, limit, old, new, change
        case relativeChangePercent = "relative_change_percent"
        case failed
    }

    /// Checks `limit` for a move from `old` to `new`.
    public init(_ limit: BaselineLimit, old: Double, new: Double) {
        metric = limit.quantity.name
        self.limit = limit.summary
        self.old = old
        self.new = new
        change = new - old
        relativeChangePercent = old != 0 ? change / abs(old) * 100 : nil
        failed = limit.isExceeded(old: old, new: new)
    }

    /// Encodes every member; an unknown relative change is written as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metric, forKey: .metric)
        try container.encode(limit, forKey: .limit)
        try container.encode(old, forKey: .old)
        try container.encode(new, forKey: .new)
        try container.encode(change, forKey: .change)
        if let relativeChangePercent {
            try container.encode(relativeChangePercent, forKey: .relativeChangePercent)
        } else {
            try container.encodeNil(forKey: .relativeChangePercent)
        }
        try container.encode(failed, forKey: .failed)
    }
}
