import XStreamCodecs
import XStreamFormats

/// One invalid row, located: what a report lists for the first few rows of each reason.
public struct InvalidRowExample: Sendable, Equatable, Codable {
    /// The input's name (its path as given).
    public var file: String
    /// The CSV line, counted from 1 with the header as line 1; nil for `.npy` inputs.
    public var line: Int?
    /// The `.npy` record, counted from 0; nil for CSV inputs.
    public var record: Int?
    /// The column at fault, when one is.
    public var column: String?
    /// Why the row is invalid.
    public var reason: InvalidReason
    /// The offending value as written (trimmed and shortened), when one value is at fault.
    public var text: String?
    /// The whole message, location first, as the table prints it.
    public var message: String

    /// - Parameters:
    ///   - location: Where the row is.
    ///   - column: The column at fault, if one is.
    ///   - reason: Why the row is invalid.
    ///   - text: The offending value as written, if one is at fault.
    ///   - message: The whole message, location first.
    public init(location: Location, column: String?, reason: InvalidReason, text: String?, message: String) {
        file = location.input
        switch location.position {
        case .line(let number): line = number
        case .record(let number): record = number
        case nil: break
        }
        self.column = column
        self.reason = reason
        self.text = text
        self.message = message
    }
}
