import ArgumentParser
import XStreamCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `xstream` command: exact evaluation of huge prediction logs.
@main
struct XStream: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xstream",
        abstract: "Exact, streaming evaluation of huge prediction logs (cross-entropy, MAE and friends).",
        discussion: """
            Exit status: 0 all good, 1 a quality gate failed, 2 an error (usage, unreadable or invalid input).
            """,
        version: XStreamVersion.current,
        subcommands: [Eval.self, Convert.self]
    )

    /// Parses and runs the command, mapping every failure to the documented exit status in one place:
    /// 0 success, 1 a gate failed, 2 any error.
    static func main() {
        Interruption.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as XStreamError {
            Standard.error(Self.errorLine("xstream: error: \(error)"))
            Glibc.exit(2)
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let lines = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false)
            Standard.error(lines.map { errorLine(String($0)) }.joined(separator: "\n"))
            Glibc.exit(2)
        }
    }

    /// A line of an error message as printed: no control characters (input bytes are echoed as `\xNN`) and
    /// under 300 bytes, however long the paths or names it quotes.
    static func errorLine(_ text: String) -> String { EscapedText.message(text, maxBytes: 299) }
}

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
