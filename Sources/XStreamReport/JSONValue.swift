/// A JSON value, with exact numbers: every double is written in its shortest round-trip form and read back
/// as the same double.
///
/// Non-finite doubles have no JSON number form; they are written as the strings `"Infinity"`,
/// `"-Infinity"` and `"NaN"`, which most JSON readers can turn back into doubles (Python: `float(s)`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Keys keep their order.
    case object([(String, JSONValue)])

    /// Values are equal when they serialize to the same text (so doubles compare by their exact value).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// The member named `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The items of an array; empty for anything else.
    public var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    /// The members of an object, in order; empty for anything else.
    public var members: [(String, JSONValue)] {
        if case .object(let members) = self { return members }
        return []
    }

    /// The member names of an object, in order.
    public var keys: [String] { members.map(\.0) }

    /// The text of a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value as a double: numbers, and the strings written for non-finite values.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .string("Infinity"): .infinity
        case .string("-Infinity"): -.infinity
        case .string("NaN"): .nan
        default: nil
        }
    }

    /// What kind of value this is, for messages: `null`, `a boolean`, `a number`, `a string`, `an array`, `an object`.
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
