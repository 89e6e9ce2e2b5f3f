import XStreamCodecs
import XStreamFormats

/// How many skipped invalid rows a run tolerates: a count, or a percentage of all rows read.
public enum InvalidRowLimit: Sendable, Equatable, CustomStringConvertible {
    /// At most this many invalid rows.
    case count(Int)
    /// At most this percentage of the rows read (valid and invalid).
    case percent(Double)

    /// Whether `invalid` rows out of `total` exceed the limit.
    public func isExceeded(invalid: Int, total: Int) -> Bool {
        switch self {
        case .count(let limit): invalid > limit
        case .percent(let limit): total > 0 && Double(invalid) / Double(total) * 100 > limit
        }
    }

    /// `1000`, or `0.5%`.
    public var description: String {
        switch self {
        case .count(let limit): String(limit)
        case .percent(let limit): "\(limit.shortDescription)%"
        }
    }

    /// Fails when `invalid` skipped rows beside `valid` ones exceed the limit.
    /// - Throws: ``XStreamError`` (`tooManyInvalidRows`) with the counts and the limit.
    package func enforce(invalid: Int, valid: Int) throws {
        guard isExceeded(invalid: invalid, total: valid + invalid) else { return }
        throw XStreamError(
            .tooManyInvalidRows,
            "\(invalid) invalid rows skipped out of \(valid + invalid), more than the limit of \(self) allows",
            remedy: .allowMoreInvalidRows)
    }
}
