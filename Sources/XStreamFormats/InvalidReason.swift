/// Why a row is invalid. The raw value is the key used in reports.
public enum InvalidReason: String, CaseIterable, Sendable, Codable {
    /// A used field that is not a decimal number.
    case notANumber = "not_a_number"
    /// NaN or ±infinity in a used field.
    case nonFinite = "non_finite"
    /// Fewer or more fields than the header names.
    case fieldCount = "field_count"
    /// A quoted field that is not closed on its line, or text after a closing quote.
    case malformedQuote = "malformed_quote"
    /// A predicted probability outside [0, 1].
    case probabilityOutOfRange = "probability_out_of_range"
    /// A binary or soft label outside [0, 1].
    case labelOutOfRange = "label_out_of_range"
    /// A multiclass label that is not an integer in [0, K).
    case invalidClassIndex = "invalid_class_index"
    /// A row of predicted probabilities whose sum is further from 1 than the tolerance.
    case probabilitySum = "probability_sum"
    /// A row of target probabilities (soft labels) whose sum is further from 1 than the tolerance.
    case targetSum = "target_sum"
    /// A CSV line that repeats the header (concatenated files), with the repeated-header policy `error`.
    case repeatedHeader = "repeated_header"
    /// A weight that is negative (NaN, infinite and non-numeric weights are `non_finite` and `not_a_number`).
    case invalidWeight = "invalid_weight"
    /// A null (missing value) in a used column of a Parquet input.
    case null = "null"
    /// A label other than 0 and 1 where the ranking metrics need hard labels.
    case softLabel = "soft_label"
}
