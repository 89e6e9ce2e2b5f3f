import XStreamFormats

/// How far a quantity may move against a baseline report before the run fails.
public struct BaselineLimit: Sendable, Equatable {
    /// Which way the quantity may not move by more than the amount.
    public enum Direction: String, Sendable { case increase, decrease }
    /// An absolute amount, or a percentage of |baseline value|.
    public enum Amount: Sendable, Equatable {
        case absolute(Double)
        case percent(Double)
    }

    /// What the limit looks at.
    public var quantity: GateQuantity
    /// Which way it may not move too far.
    public var direction: Direction
    /// How far it may move.
    public var amount: Amount

    /// - Parameters:
    ///   - quantity: What the limit looks at.
    ///   - direction: Which way it may not move too far.
    ///   - amount: How far it may move.
    public init(_ quantity: GateQuantity, _ direction: Direction, _ amount: Amount) {
        self.quantity = quantity
        self.direction = direction
        self.amount = amount
    }

    /// The limit as written, e.g. `max increase 0.5%`.
    public var summary: String {
        switch amount {
        case .absolute(let value): "max \(direction.rawValue) \(value.shortDescription)"
        case .percent(let value): "max \(direction.rawValue) \(value.shortDescription)%"
        }
    }

    /// Whether moving from `old` to `new` exceeds the limit (a NaN on either side always does).
    public func isExceeded(old: Double, new: Double) -> Bool {
        let moved = direction == .increase ? new - old : old - new
        switch amount {
        case .absolute(let amount): return !(moved <= amount)
        case .percent(let amount): return old == 0 ? !(moved <= 0) : !(moved / abs(old) * 100 <= amount)
        }
    }
}
