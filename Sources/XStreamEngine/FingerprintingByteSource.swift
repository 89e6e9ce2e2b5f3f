import XStreamCodecs

/// A ``ByteSource`` that hashes every raw (compressed) byte it hands on, so an input's fingerprint costs one
/// pass over bytes that are in cache anyway.
///
/// The fingerprint tells inputs apart by content: the same file under two names, or one stream read twice,
/// has the same one. Not `Sendable`: the reader that owns it uses it.
final class FingerprintingByteSource: ByteSource {
    private let source: any ByteSource
    private let hashing: Bool
    private var hasher = XXH64()

    /// - Parameters:
    ///   - source: The input's bytes.
    ///   - hashing: Hash them; when false the bytes pass through and the fingerprint is that of no bytes.
    init(_ source: any ByteSource, hashing: Bool = true) {
        self.source = source
        self.hashing = hashing
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try source.read(into: buffer)
        if hashing { hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<count])) }
        return count
    }

    /// The fingerprint of no bytes.
    static let emptyFingerprint = "xxh64:" + XXH64().hexDigest

    /// `xxh64:` and the 16 hexadecimal digits of the XXH64 of every byte read so far.
    var fingerprint: String { "xxh64:" + hasher.hexDigest }
}
