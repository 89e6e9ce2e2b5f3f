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
        subcommands: [Eval.self, Convert.self, Merge.self]
    )

    /// Parses and runs the command, mapping every failure to the documented exit status in one place:
    /// 0 success, 1 a gate failed, 2 any error.
    static func main() {
        Interruption.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as XStreamError {
            Standard.error(Self.errorLine(ErrorMessage.text(for: error)))
            Glibc.exit(2)
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            // ArgumentParser's own messages start with "Error: "; every error of xstream starts the same way.
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message = "xstream: error: " + message.dropFirst(7) }
            let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
            Standard.error(lines.map { errorLine(String($0)) }.joined(separator: "\n"))
            Glibc.exit(2)
        }
    }

    /// A line of an error message as printed: no control characters (input bytes are echoed as `\xNN`) and
    /// under 300 bytes, however long the paths or names it quotes.
    static func errorLine(_ text: String) -> String { EscapedText.message(text, maxBytes: 299) }
}
