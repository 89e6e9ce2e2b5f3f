import Dispatch
import XStreamCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGTERM: remove every temporary file, then exit with 128 + the signal number (130, 143), as
/// a shell reports a process a signal ended.
///
/// A dispatch source receives the signals on its own queue, where taking a lock and removing files is safe,
/// unlike in a signal handler. On Linux the signals are blocked in the main thread before any other thread
/// starts (threads inherit the mask), so one sent at any moment stays pending until the source's `signalfd`
/// reads it. They are not set to `SIG_IGN` there: that would discard a signal already pending (one sent while
/// a parent's blocked mask was inherited), and libdispatch installs its own handler anyway. On Darwin,
/// where kqueue sees ignored signals, they are ignored instead.
enum Interruption {
    /// The installed sources, kept for the life of the process; written once, by `install()` on the main
    /// thread, and never read.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Installs the handlers; call once, first thing in `main`.
    static func install() {
        let numbers = [SIGINT, SIGTERM]
        #if canImport(Darwin)
            for number in numbers { signal(number, SIG_IGN) }
        #else
            var blocked = sigset_t()
            sigemptyset(&blocked)
            for number in numbers { sigaddset(&blocked, number) }
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
        #endif
        let queue = DispatchQueue(label: "xstream.signals")
        for number in numbers {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { TemporaryFiles.removeAllAndExit(status: 128 + number) }
            source.resume()
            sources.append(source)
        }
    }
}
