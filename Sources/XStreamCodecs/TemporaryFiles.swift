import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The temporary files xstream is writing and has not yet renamed or removed, so that a signal handler can
/// remove them before the process ends.
///
/// A path is registered *before* the file is created and unregistered after it is renamed or removed, so
/// there is no moment at which a file exists unregistered; removing a registered path that does not exist
/// (yet, or any more) is harmless.
package enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    /// Records `path` as a temporary file to remove if the process is interrupted.
    package static func register(_ path: String) {
        paths.withLock { _ = $0.insert(path) }
    }

    /// Forgets `path` (once it has been renamed into place or removed).
    package static func unregister(_ path: String) {
        paths.withLock { _ = $0.remove(path) }
    }

    /// Removes every registered file and ends the process with `status`.
    ///
    /// The lock is held until the end, so no thread can register (and then create) another file meanwhile;
    /// `_exit` skips `atexit` handlers, which other threads may be racing with. The corresponding C function
    /// is `_exit`.
    package static func removeAllAndExit(status: Int32) -> Never {
        paths.withLock { paths in
            for path in paths { unlink(path) }
            _exit(status)
        }
    }
}
