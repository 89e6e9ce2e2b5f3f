import XStreamCodecs

/// One invalid row, located within its chunk; the engine turns the chunk-local position into a line number.
package struct InvalidRowSample: Sendable {
    /// Why the row is invalid.
    package var reason: InvalidReason
    /// The row's position within the chunk, from 0: its line (CSV) or record (`.npy`) offset.
    package var localPosition: Int
    /// What is wrong, without the location (e.g. `column "pred": "abc" is not a number`).
    package var message: String
    /// What the user can change, when the row is invalid because of how columns were chosen.
    package var remedy: XStreamError.Remedy?
    /// The column at fault, when one is.
    package var column: String?
    /// The offending value as written, when one value is at fault.
    package var text: String?
}
