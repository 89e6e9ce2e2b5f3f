/// One shard of a job's input list, for job arrays (Kubernetes Indexed Jobs, Slurm arrays): the inputs at the
/// positions j, counted from 0 in the order given, with j mod `count` = `index`.
///
/// Every worker of the job is given the same list and its own index; their partials, merged, cover every input
/// exactly once.
public struct ShardSelection: Sendable, Equatable {
    /// This shard's index, in 0..<count.
    public var index: Int
    /// How many shards the inputs are split into (at least 1).
    public var count: Int

    /// - Precondition: `count` ≥ 1 and `index` in 0..<count.
    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index))
        self.index = index
        self.count = count
    }

    /// The elements of `items` this shard takes, in their order.
    public func select<T>(_ items: [T]) -> [T] {
        items.enumerated().filter { $0.offset % count == index }.map(\.element)
    }
}
