/// A Python literal as written in `.npy` headers: dicts, lists, tuples, strings, integers, booleans.
indirect enum PythonLiteral: CustomStringConvertible {
    case dictionary([String: PythonLiteral])
    case list([PythonLiteral])
    case tuple([PythonLiteral])
    case string(String)
    case integer(Int)
    case bool(Bool)
    case none

    var description: String {
        switch self {
        case .dictionary: "a dict"
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let items): "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .string(let text): "'\(text)'"
        case .integer(let value): String(value)
        case .bool(let value): value ? "True" : "False"
        case .none: "None"
        }
    }
}
