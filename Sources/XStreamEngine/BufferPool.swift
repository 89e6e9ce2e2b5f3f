/// The chunk buffers of one run: created on demand up to a fixed number, then reused.
///
/// The bound is what keeps memory flat whatever the input size: at most ``capacity`` chunks are in flight.
struct BufferPool {
    /// The most buffers that ever exist.
    let capacity: Int
    /// The usable bytes of each buffer.
    let bufferSize: Int
    private var free: [ChunkBuffer] = []
    private var created = 0

    init(capacity: Int, bufferSize: Int) {
        self.capacity = capacity
        self.bufferSize = bufferSize
    }

    /// Whether ``take()`` can hand out a buffer now.
    var hasBuffer: Bool { !free.isEmpty || created < capacity }

    /// A free buffer, or a new one while fewer than ``capacity`` exist; only call when ``hasBuffer``.
    mutating func take() -> ChunkBuffer {
        if let buffer = free.popLast() { return buffer }
        precondition(created < capacity, "no chunk buffer left")
        created += 1
        return ChunkBuffer(capacity: bufferSize)
    }

    /// Returns a buffer for reuse.
    mutating func give(_ buffer: ChunkBuffer) { free.append(buffer) }
}
