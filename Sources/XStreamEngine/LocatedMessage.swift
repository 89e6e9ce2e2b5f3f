import XStreamCodecs
import XStreamFormats

/// A failure or invalid row, kept in input order until the line or record it is at becomes known.
struct LocatedMessage {
    var position: InputPosition
    /// The invalid row's reason; nil for a failure that is not one row's.
    var reason: InvalidReason?
    /// The error, located already when it is not one row's.
    var error: XStreamError
    /// The column at fault and its text, for a row that has them.
    var column: String?
    var text: String?
    /// The input-wide line or record of a row, once its chunk's start is known.
    var absolutePosition: Int?
}
