import XStreamFormats

/// The invalid rows of one reason, with the first few locations.
public struct InvalidRowSummary: Sendable, Equatable, Codable {
    /// Why the rows are invalid.
    public var reason: InvalidReason
    /// How many rows.
    public var count: Int
    /// The first few, in input order.
    public var examples: [InvalidRowExample]
}
