import XStreamCodecs

/// The columns of one input resolved against its header: the field index of each value slot.
package struct ResolvedColumns: Equatable, Sendable {
    /// Names of the slots: labels first, then predictions.
    package var slotNames: [String]
    /// The column index of each slot.
    package var slotColumns: [Int]
    package var labelCount: Int
    package var predictionCount: Int
    /// 1 when the last slot holds the row's weight, else 0.
    package var weightCount = 0
    /// The slice columns, in the order named, and their column indexes (they are not value slots).
    package var sliceNames: [String] = []
    package var sliceColumns: [Int] = []
    /// True when the predictions were not named and are every column that is neither a label nor ignored.
    package var predictionsByDefault: Bool

    /// The label column names.
    package var labelNames: ArraySlice<String> { slotNames[..<labelCount] }
    /// The prediction column names.
    package var predictionNames: ArraySlice<String> { slotNames[labelCount..<(labelCount + predictionCount)] }

    /// Matches `selection` against `header`.
    /// - Throws: ``XStreamError`` (`invalidHeader`) naming the input, for duplicate names, or a column or
    ///   pattern the header does not have (listing the columns it has); (`usage`) for a column taken both as a
    ///   label and a prediction.
    package init(header: [String], selection: ColumnSelection, defaultLabel: String, input: String) throws {
        var indexByName: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if indexByName.updateValue(index, forKey: name) != nil {
                throw XStreamError(
                    .invalidHeader, "duplicate column name \"\(EscapedText.printable(name))\" in the header",
                    at: Location(input))
            }
        }
        let ignored = selection.ignored.map(NamePattern.init)
        let isIgnored = { (name: String) in name == selection.weight || ignored.contains { $0.matches(name) } }
        /// The header columns each entry names, in the entries' order, a pattern's matches in header order.
        func resolve(_ entries: [String]) throws -> [String] {
            var names: [String] = []
            for entry in entries {
                let pattern = NamePattern(entry)
                let matches =
                    pattern.isPattern
                    ? header.filter { pattern.matches($0) && !isIgnored($0) } : indexByName[entry] == nil ? [] : [entry]
                guard !matches.isEmpty else {
                    throw XStreamError(
                        .invalidHeader,
                        "no column \(pattern.isPattern ? "matches" : "named") \"\(EscapedText.printable(entry))\"; the header has \(Self.list(header))",
                        at: Location(input), remedy: .chooseColumns)
                }
                names += matches.filter { !names.contains($0) }
            }
            return names
        }
        let labelNames = try resolve(selection.labels ?? [defaultLabel])
        let predictionNames: [String]
        if let predictions = selection.predictions {
            predictionNames = try resolve(predictions)
            predictionsByDefault = false
        } else if let preferred = selection.preferredPrediction, indexByName[preferred] != nil,
            !labelNames.contains(preferred)
        {
            predictionNames = [preferred]
            predictionsByDefault = false
        } else {
            predictionNames = header.filter { !labelNames.contains($0) && !isIgnored($0) }
            predictionsByDefault = true
        }
        if let overlap = predictionNames.first(where: labelNames.contains) {
            throw XStreamError(
                .usage, "column \"\(EscapedText.printable(overlap))\" is named both as a label and as a prediction")
        }
        var weightNames: [String] = []
        if let weight = selection.weight {
            guard indexByName[weight] != nil else {
                throw XStreamError(
                    .invalidHeader, "no weight column named \"\(weight)\"; the header has \(Self.list(header))",
                    at: Location(input))
            }
            if labelNames.contains(weight) || predictionNames.contains(weight) {
                throw XStreamError(
                    .usage, "column \"\(weight)\" is named both as the weight and as a label or prediction")
            }
            weightNames = [weight]
        }
        slotNames = labelNames + predictionNames + weightNames
        slotColumns = slotNames.map { indexByName[$0]! }
        labelCount = labelNames.count
        predictionCount = predictionNames.count
        weightCount = weightNames.count
        for name in selection.slices {
            guard let index = indexByName[name] else {
                throw XStreamError(
                    .invalidHeader, "no slice column named \"\(name)\"; the header has \(Self.list(header))",
                    at: Location(input))
            }
            sliceNames.append(name)
            sliceColumns.append(index)
        }
    }

    /// How a message names the column of value slot `slot`: `column "p"`, or `weight column "w"`.
    package func columnPhrase(slot: Int) -> String {
        let role = weightCount > 0 && slot == slotNames.count - 1 ? "weight " : ""
        return "\(role)column \"\(EscapedText.printable(slotNames[slot]))\""
    }

    /// Whether value slot `slot` is a prediction column that was taken by default rather than named.
    package func isDefaultPrediction(slot: Int) -> Bool {
        predictionsByDefault && slot >= labelCount && slot < labelCount + predictionCount
    }

    /// Names for a message: `"a", "b", "c"`, escaped, cut with "… and N more" past `limit` characters.
    package static func list<Names: Collection<String>>(_ names: Names, limit: Int = 120) -> String {
        EscapedText.quotedList(Array(names), limit: limit)
    }
}
