import Dispatch
import XStreamCore

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM: remove every temporary file, then exit with 128 + the signal number (130, 143), as
/// a shell reports a process a signal ended.
///
/// The signals are ignored and blocked in the main thread before any other thread starts (threads inherit
/// the mask), so none is delivered asynchronously; a dispatch source receives them on its own queue, where
/// taking a lock and removing files is safe, unlike in a signal handler.
enum Interruption {
    /// The installed sources, kept for the life of the process; written once, by `install()` on the main
    /// thread, and never read.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Installs the handlers; call once, first thing in `main`.
    static func install() {
        let queue = DispatchQueue(label: "xstream.signals")
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            sigaddset(&blocked, number)
        }
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        for number in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { TemporaryFiles.removeAllAndExit(status: 128 + number) }
            source.resume()
            sources.append(source)
        }
    }
}
