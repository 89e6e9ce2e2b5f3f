/// Memory for decompressed Parquet pages, reused from page to page and grown to the largest page seen.
///
/// A view from ``room(_:)`` is valid until the next call; one reader owns a buffer.
final class PageBuffer {
    private var memory = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    /// `size` bytes of room (contents undefined).
    func room(_ size: Int) -> UnsafeMutableRawBufferPointer {
        if memory.count < size {
            memory.deallocate()
            memory = .allocate(byteCount: size, alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: memory[..<size])
    }

    deinit { memory.deallocate() }
}
