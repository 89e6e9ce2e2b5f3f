#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The peak resident memory of this process.
enum PeakMemory {
    /// `VmHWM` from `/proc/self/status`, in bytes; nil where there is no such file.
    ///
    /// Not `getrusage`: on Linux a process is charged, at `exec`, with the resident size of the process that
    /// started it, so `ru_maxrss` of a program started from a large process reports that process's size.
    static func residentBytes() -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("VmHWM:") else { continue }
            let digits = text.dropFirst(6).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
