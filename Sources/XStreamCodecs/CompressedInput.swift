/// A buffered window over a ``ByteSource`` that the decoders consume from.
///
/// It counts every byte handed to a decoder, so errors can name the compressed byte offset.
final class CompressedInput {
    /// The input's name, for messages.
    let name: String
    /// Bytes consumed so far: the compressed offset of ``bytes``' first byte.
    private(set) var consumedBytes = 0
    /// True once the source has reported its end.
    private(set) var isAtEnd = false

    private let source: any ByteSource
    private let storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0

    /// - Parameters:
    ///   - source: Where the compressed bytes come from.
    ///   - name: The input's name, for messages.
    ///   - capacity: The read size; the codecs' recommended input size is a good choice.
    init(source: any ByteSource, name: String, capacity: Int) {
        self.source = source
        self.name = name
        storage = .allocate(byteCount: max(capacity, 64), alignment: 16)
    }

    deinit { storage.deallocate() }

    /// The buffered, not yet consumed bytes.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[start..<end]) }

    /// Marks `count` buffered bytes as consumed.
    func consume(_ count: Int) {
        precondition(count <= end - start)
        start += count
        consumedBytes += count
    }

    /// Reads more bytes when the buffer is empty.
    /// - Returns: false when the source is at its end and nothing is buffered.
    @discardableResult
    func refillIfEmpty() throws -> Bool {
        if start < end { return true }
        if isAtEnd { return false }
        start = 0
        end = try source.read(into: storage)
        if end == 0 { isAtEnd = true }
        return end > 0
    }

    /// Makes at least `count` bytes available, reading and compacting as needed.
    /// - Returns: false when the input ends first (whatever was there stays buffered).
    func ensure(_ count: Int) throws -> Bool {
        precondition(count <= storage.count)
        if end - start >= count { return true }
        if start > 0 {
            storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: end - start)
            end -= start
            start = 0
        }
        while end < count, !isAtEnd {
            let got = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
            if got == 0 { isAtEnd = true }
            end += got
        }
        return end - start >= count
    }

    /// Skips `count` bytes of input.
    /// - Returns: false when the input ends first.
    func skip(_ count: Int) throws -> Bool {
        var remaining = count
        while remaining > 0 {
            guard try refillIfEmpty() else { return false }
            let step = min(remaining, end - start)
            consume(step)
            remaining -= step
        }
        return true
    }

    /// Copies buffered bytes into `destination` first, then reads straight from the source.
    /// - Returns: the bytes written; 0 only at the end of the input.
    func read(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        if start < end {
            let count = min(destination.count, end - start)
            destination.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: count)
            consume(count)
            return count
        }
        if isAtEnd { return 0 }
        let count = try source.read(into: destination)
        if count == 0 { isAtEnd = true }
        consumedBytes += count
        return count
    }
}
