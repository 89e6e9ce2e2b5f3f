#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension OutputFile {
    /// Connects a stream socket to the Unix-domain socket at `path` (which `open` cannot open).
    /// - Returns: the connected descriptor.
    /// - Throws: ``XStreamError`` (`outputFailed`) naming `path` with the system's reason.
    static func connect(toSocket path: String) throws -> Int32 {
        func failure(_ what: String) -> XStreamError {
            XStreamError(.outputFailed, "cannot \(what)", at: Location(path), cause: SystemFailure.current)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw XStreamError(.outputFailed, "the socket path is too long to connect to", at: Location(path))
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw failure("create a socket") }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let error = failure("connect")
            close(descriptor)
            throw error
        }
        return descriptor
    }
}
