/// The memory a Parquet reader reuses from page to page and chunk to chunk: decompressed pages, and a page's
/// decoded definition levels and dictionary indices.
///
/// Views into its buffers are valid until the next request of the same buffer. Not `Sendable`: one reader
/// owns it.
final class ParquetScratch {
    /// Dictionary and v1 pages, decompressed.
    let pages = PageBuffer()
    /// The values of v2 pages, decompressed.
    let values2 = PageBuffer()
    /// A page's definition levels, one `UInt32` a row.
    let levels = PageBuffer()
    /// A page's dictionary indices, one `UInt32` a value.
    let indices = PageBuffer()

    /// Room for `count` 32-bit values in `buffer` (contents undefined).
    func words(_ count: Int, in buffer: PageBuffer) -> UnsafeMutableBufferPointer<UInt32> {
        buffer.room(4 * count).bindMemory(to: UInt32.self)
    }
}
