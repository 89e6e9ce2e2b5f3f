#if canImport(Glibc)
    import Glibc
#endif

/// Writing to the standard streams.
enum Standard {
    /// Writes `text` and a newline to standard error.
    static func error(_ text: String) {
        write(text + "\n", to: STDERR_FILENO)
    }

    /// Writes `text` to standard output as is.
    static func output(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    /// Writes all of `text` to a file descriptor, unbuffered.
    static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return }
                offset += count
            }
        }
    }
}
