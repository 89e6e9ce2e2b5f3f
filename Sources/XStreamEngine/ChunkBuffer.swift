import XStreamFormats

/// A reusable block of memory that holds one chunk of decompressed records.
///
/// Owned by one stage at a time: the reader fills it, a worker parses it, and it returns to the pool.
/// Its capacity is fixed at creation; pages beyond what a chunk touches are never made resident.
package final class ChunkBuffer {
    /// The usable bytes.
    let bytes: UnsafeMutableRawBufferPointer
    /// `bytes` plus zeroed padding that parsers may read past the end (``DecimalParser/readAhead``).
    private let allocation: UnsafeMutableRawBufferPointer

    /// - Parameter capacity: Usable bytes to reserve.
    package init(capacity: Int) {
        allocation = .allocate(byteCount: capacity + DecimalParser.readAhead, alignment: 64)
        bytes = UnsafeMutableRawBufferPointer(rebasing: allocation[0..<capacity])
        allocation.baseAddress!.advanced(by: capacity).initializeMemory(
            as: UInt8.self, repeating: 0, count: DecimalParser.readAhead)
    }

    deinit { allocation.deallocate() }
}
