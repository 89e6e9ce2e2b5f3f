import XStreamCodecs

extension EvaluationReport {
    /// The JSON report, two spaces per level, with a final newline.
    public func jsonText() -> String {
        // Every member encodes to JSON without fail: numbers, strings, booleans, arrays and objects only.
        let value = (try? JSONValueEncoder().encode(self)) ?? .null
        return value.serialized() + "\n"
    }

    /// Reads a JSON report written by ``jsonText()``.
    /// - Parameter name: The report's name (its path), for messages.
    /// - Throws: ``XStreamError`` (`invalidBaseline`) for text that is not JSON or not an xstream report.
    public init(json text: String, name: String) throws {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch let error as XStreamError {
            throw error.located(at: Location(name))
        }
        do {
            self = try JSONValueDecoder().decode(EvaluationReport.self, from: value)
        } catch let error as DecodingError {
            throw XStreamError(
                .invalidBaseline, "not an xstream JSON report (\(Self.describe(error)))", at: Location(name))
        }
    }

    /// A decoding error in words, with the path of the member it is about.
    package static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "\"\($0.stringValue)\"" }.joined(separator: " ")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "no \"\(key.stringValue)\"" + (context.codingPath.isEmpty ? "" : " in \(path(context))")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
