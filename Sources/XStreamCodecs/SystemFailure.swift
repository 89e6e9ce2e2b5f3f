#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call's error number, as the cause of an ``XStreamError``.
public struct SystemFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `errno` value.
    public var number: Int32

    /// The failure of the system call that just returned, from `errno`.
    package static var current: SystemFailure { SystemFailure(number: errno) }

    /// - Parameter number: An `errno` value.
    public init(number: Int32) { self.number = number }

    /// The system's words for it (`strerror`), e.g. `No such file or directory`.
    public var description: String { String(cString: strerror(number)) }
}
