/// Parsed rows waiting for their consumer: consecutive records of one chunk, `stride` values each, row after row.
///
/// Parsers fill a batch and hand it over whole, so the consumer's per-task loop runs over many rows at a
/// time instead of being re-entered per row. A row that fails to parse never enters a batch: the parser
/// flushes the batch before recording it, which keeps a batch's rows consecutive and every chunk's
/// invalid rows reported in order.
struct RowBatch {
    /// Rows per batch: enough to amortize the hand-over, few enough to stay in the L1 cache for two slots.
    static let capacity = 256

    /// Room for ``capacity`` rows.
    let storage: UnsafeMutablePointer<Double>
    /// Values per row: the slot count.
    let stride: Int
    /// Rows written so far.
    private(set) var count = 0
    /// The chunk-local position (line or record offset) of the first row.
    private(set) var firstPosition = 0

    /// Allocates a batch for rows of `slots` values; release it with ``deallocate()``.
    init(slots: Int) {
        stride = slots
        storage = .allocate(capacity: Self.capacity * max(slots, 1))
    }

    /// Frees the storage.
    func deallocate() { storage.deallocate() }

    /// Where the next row's values go.
    var nextRow: UnsafeMutablePointer<Double> { storage + count * stride }

    /// Keeps the row written at ``nextRow`` as the record at chunk-local `position`.
    /// - Returns: whether the batch is now full and must be flushed.
    @inline(__always)
    mutating func append(position: Int) -> Bool {
        if count == 0 { firstPosition = position }
        count += 1
        return count == Self.capacity
    }

    /// Keeps `rows` rows written straight into ``storage`` by a decoder, the first at chunk-local `position`.
    /// The batch must be empty.
    mutating func append(rows: Int, position: Int) {
        precondition(count == 0 && rows <= Self.capacity, "a batch is filled whole only when empty")
        firstPosition = position
        count = rows
    }

    /// Hands every row to `consumer` and records the invalid ones in `outcome`; leaves the batch empty.
    /// - Returns: in strict mode, the position just after the invalid row it stopped at; otherwise nil.
    mutating func flush<Consumer: RowConsumer>(
        into consumer: inout Consumer, outcome: inout ChunkOutcome, strict: Bool, columns: ResolvedColumns
    ) -> Int? {
        defer { count = 0 }
        var start = 0
        while start < count {
            let (accepted, problem) = consumer.consume(rows: storage + start * stride, count: count - start)
            start += accepted
            guard let problem else { break }
            outcome.recordInvalid(
                problem.reason, at: firstPosition + start, strict: strict,
                message: consumer.describe(problem, columns: columns))
            start += 1
            if strict { return firstPosition + start }
        }
        return nil
    }
}
