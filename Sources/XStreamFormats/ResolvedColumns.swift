import XStreamCodecs

/// The columns of one input resolved against its header: the field index of each value slot.
package struct ResolvedColumns: Equatable, Sendable {
    /// Names of the slots: labels first, then predictions.
    package var slotNames: [String]
    /// The column index of each slot.
    package var slotColumns: [Int]
    package var labelCount: Int
    package var predictionCount: Int

    /// The label column names.
    package var labelNames: ArraySlice<String> { slotNames[..<labelCount] }
    /// The prediction column names.
    package var predictionNames: ArraySlice<String> { slotNames[labelCount...] }

    /// Matches `selection` against `header`.
    /// - Throws: ``XStreamError`` (`invalidHeader`) naming the input, for duplicate names or a missing column
    ///   (listing the columns the header has); (`usage`) for a column named both as a label and a prediction.
    package init(header: [String], selection: ColumnSelection, defaultLabel: String, input: String) throws {
        var indexByName: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if indexByName.updateValue(index, forKey: name) != nil {
                throw XStreamError(
                    .invalidHeader, "duplicate column name \"\(name)\" in the header", at: Location(input))
            }
        }
        func lookUp(_ name: String) throws -> Int {
            guard let index = indexByName[name] else {
                let available = header.map { "\"\($0)\"" }.joined(separator: ", ")
                throw XStreamError(
                    .invalidHeader, "no column named \"\(name)\"; the header has \(available)", at: Location(input),
                    remedy: .chooseColumns)
            }
            return index
        }
        let labelNames = selection.labels ?? [defaultLabel]
        let labelColumns = try labelNames.map(lookUp)
        let predictionNames = selection.predictions ?? header.filter { !labelNames.contains($0) }
        let predictionColumns = try predictionNames.map(lookUp)
        if let overlap = predictionNames.first(where: labelNames.contains) {
            throw XStreamError(.usage, "column \"\(overlap)\" is named both as a label and as a prediction")
        }
        slotNames = labelNames + predictionNames
        slotColumns = labelColumns + predictionColumns
        labelCount = labelNames.count
        predictionCount = predictionNames.count
    }
}
