/// A ranking in a partial: `{"positives": P, "negatives": N, "distinct_scores": m, "runs": "<base64>"}`, the
/// merged run of distinct scores in ``ScoreRunEncoding``, base64 (about 8 to 14 characters per distinct
/// score; at most 40). Reading checks every entry and that they add up to P, N and m.
extension ScoreRanking: Codable, Equatable {
    private enum CodingKeys: String, CodingKey {
        case positives, negatives
        case distinctScores = "distinct_scores"
        case runs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let positiveCount = try container.decode(Int.self, forKey: .positives)
        let negativeCount = try container.decode(Int.self, forKey: .negatives)
        let distinct = try container.decode(Int.self, forKey: .distinctScores)
        guard positiveCount >= 0, negativeCount >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .positives, in: container, debugDescription: "a negative count")
        }
        let positives = UInt64(positiveCount)
        let negatives = UInt64(negativeCount)
        guard let bytes = Base64.decode(try container.decode(String.self, forKey: .runs)) else {
            throw DecodingError.dataCorruptedError(forKey: .runs, in: container, debugDescription: "not base64")
        }
        var reader = ScoreRunDecoder()
        var entries: [ScoreEntry] = []
        do {
            let consumed = try bytes.withUnsafeBytes { try reader.decode($0, into: &entries) }
            guard consumed == bytes.count else { throw ScoreRunDecoder.Failure(reason: "the run ends inside a score") }
            try reader.check(entries: distinct, positives: positives, negatives: negatives)
        } catch let failure as ScoreRunDecoder.Failure {
            throw DecodingError.dataCorruptedError(forKey: .runs, in: container, debugDescription: failure.reason)
        }
        self.init(entries: entries, positives: positives, negatives: negatives)
    }

    /// Writes the merged run.
    /// - Throws: ``XStreamError`` when a spilled run cannot be read back (a ranking gathered in memory,
    ///   ``gatherInMemory()``, cannot fail).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let entries = try mergedEntries()
        var bytes: [UInt8] = []
        var previousKey: UInt64 = 0
        ScoreRunEncoding.encode(entries, after: &previousKey, into: &bytes)
        // Row counts, below 2^63: JSON integers.
        try container.encode(Int(positives), forKey: .positives)
        try container.encode(Int(negatives), forKey: .negatives)
        try container.encode(entries.count, forKey: .distinctScores)
        try container.encode(Base64.encode(bytes), forKey: .runs)
    }

    /// Equal when the rows are: the same distinct scores with the same counts, however they are split into runs.
    public static func == (lhs: ScoreRanking, rhs: ScoreRanking) -> Bool {
        lhs.positives == rhs.positives && lhs.negatives == rhs.negatives
            && (try? lhs.mergedEntries()) == (try? rhs.mergedEntries())
    }
}
