/// A comparison in a quality gate.
public enum ComparisonOperator: String, Sendable, CaseIterable, Codable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether `observed OP threshold` holds.
    public func holds(_ observed: Double, _ threshold: Double) -> Bool {
        switch self {
        case .less: observed < threshold
        case .lessOrEqual: observed <= threshold
        case .greater: observed > threshold
        case .greaterOrEqual: observed >= threshold
        }
    }
}
