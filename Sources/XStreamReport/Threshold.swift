import XStreamFormats

/// A condition that fails the run when it holds, e.g. `cross_entropy > 0.35`.
public struct Threshold: Sendable, Equatable {
    /// What the condition looks at.
    public var quantity: GateQuantity
    /// How it compares.
    public var comparison: ComparisonOperator
    /// The value compared against.
    public var value: Double

    /// - Parameters:
    ///   - quantity: What the condition looks at.
    ///   - comparison: How it compares.
    ///   - value: The value compared against.
    public init(_ quantity: GateQuantity, _ comparison: ComparisonOperator, _ value: Double) {
        self.quantity = quantity
        self.comparison = comparison
        self.value = value
    }

    /// The condition as written back, e.g. `mae > 0.3`.
    public var expression: String { "\(quantity) \(comparison.rawValue) \(value.shortDescription)" }
}
