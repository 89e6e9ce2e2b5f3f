import Dispatch
import XStreamCore

#if canImport(Glibc)
    import Glibc
#endif

/// Progress on stderr while an evaluation runs: on a terminal one line redrawn five times a second and
/// cleared at the end; elsewhere (a log file, a CI job) a plain line every five seconds.
final class ProgressLine {
    private let queue = DispatchQueue(label: "xstream.progress")
    private let timer: DispatchSourceTimer
    private let start = ContinuousClock.now
    private let redraws: Bool
    private let show: @Sendable () -> Void

    /// Starts showing `evaluation`'s progress.
    /// - Parameter redraws: Redraw one line in place (a terminal), or print a line now and then (anything else).
    init(evaluation: Evaluation, redraws: Bool) {
        self.redraws = redraws
        timer = DispatchSource.makeTimerSource(queue: queue)
        let start = self.start
        let show: @Sendable () -> Void = {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let text = Self.describe(evaluation.progress, seconds: seconds)
            Standard.write(redraws ? "\r\u{1B}[2K" + text : "xstream: progress: " + text + "\n", to: STDERR_FILENO)
        }
        self.show = show
        if redraws { show() }
        timer.setEventHandler(handler: show)
        let interval: DispatchTimeInterval = redraws ? .milliseconds(200) : .seconds(5)
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.resume()
    }

    /// Stops showing progress: clears the line on a terminal, prints the final line elsewhere.
    func finish() {
        timer.cancel()
        queue.sync {}  // a redraw already under way finishes first
        if redraws { Standard.write("\r\u{1B}[2K", to: STDERR_FILENO) } else { show() }
    }

    /// `312.4 MB / 1.2 GB (26%) · 24.1 M rows · 11.2 M rows/s · 140.3 MB/s · ETA 6 s`
    static func describe(_ progress: EvaluationProgress, seconds: Double) -> String {
        let megabytes = Double(progress.compressedBytes) / 1e6
        var parts: [String] = []
        if let total = progress.totalCompressedBytes, total > 0 {
            let fraction = Double(progress.compressedBytes) / Double(total)
            parts.append(
                "\(ReportRenderer.fixed(megabytes, 1)) MB / \(ReportRenderer.fixed(Double(total) / 1e6, 1)) MB (\(ReportRenderer.fixed((fraction * 100).rounded(.down), 0))%)"
            )
        } else {
            parts.append("\(ReportRenderer.fixed(megabytes, 1)) MB")
        }
        parts.append("\(ReportRenderer.fixed(Double(progress.rows) / 1e6, 2)) M rows")
        guard seconds > 0 else { return parts.joined(separator: " · ") }
        parts.append("\(ReportRenderer.fixed(Double(progress.rows) / seconds / 1e6, 2)) M rows/s")
        let rate = megabytes / seconds
        parts.append("\(ReportRenderer.fixed(rate, 1)) MB/s")
        if let total = progress.totalCompressedBytes, rate > 0 {
            let remaining = max(0, Double(total) / 1e6 - megabytes) / rate
            // fixed, not Int(_:), which traps when a stalled read makes the estimate astronomical.
            parts.append("ETA \(ReportRenderer.fixed(remaining.rounded(.up), 0)) s")
        }
        return parts.joined(separator: " · ")
    }
}
