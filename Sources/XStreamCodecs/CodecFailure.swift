/// A compression library's own name for a failure, as the cause of an ``XStreamError``.
public struct CodecFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The library's error name, e.g. zstd's `Data corruption detected` (`ZSTD_getErrorName`) or lz4's
    /// `ERROR_contentChecksum_invalid` (`LZ4F_getErrorName`).
    public var name: String

    /// - Parameter name: The library's error name.
    public init(name: String) { self.name = name }

    /// The library's error name.
    public var description: String { name }
}
