import XStreamMetrics

extension MetricPartial {
    /// The metrics a report shows: the task's, then the ranking metrics when the partial has a ranking; none
    /// without rows.
    /// - Throws: ``XStreamError`` when the ranking's temporary files cannot be read back.
    func reportedMetrics(for task: PredictionTask) throws -> [Metric] {
        guard rows > 0 else { return [] }
        let ranking = try self.ranking.map { try RankingMetrics($0).entries } ?? []
        return (metrics(for: task) + ranking).map { Metric(name: $0.name, value: $0.value) }
    }
}
