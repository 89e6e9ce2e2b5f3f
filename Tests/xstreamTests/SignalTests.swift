import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// SIGINT and SIGTERM in the middle of a run: exit 130 or 143, and no temporary file left behind.
@Suite struct SignalTests {
    /// Starts `xstream` reading standard input from a pipe the test keeps open, so the run cannot finish.
    private func start(_ arguments: [String], in folder: URL) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("label,pred\n1,0.75\n0,0.25\n".utf8))
        return (process, input)
    }

    /// Waits until `condition` holds, for at most 20 seconds.
    private func waitUntil(_ condition: () throws -> Bool) rethrows -> Bool {
        for _ in 0..<200 {
            if try condition() { return true }
            usleep(100_000)
        }
        return false
    }

    /// Whether `process` has its handlers for SIGINT and SIGTERM yet: libdispatch installs one for each signal
    /// a source watches (Linux: the `SigCgt` mask in `/proc/PID/status`).
    private func handlersInstalled(_ process: Process) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
            let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        let wanted: UInt64 = 1 << (UInt64(SIGINT) - 1) | 1 << (UInt64(SIGTERM) - 1)
        return mask & wanted == wanted
    }

    /// Sends `signal` and returns how the process ended.
    private func interrupt(_ process: Process, with signal: Int32, input: Pipe) -> (Process.TerminationReason, Int32) {
        kill(process.processIdentifier, signal)
        let ended = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            process.waitUntilExit()
            ended.signal()
        }
        if ended.wait(timeout: .now() + 20) == .timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        try? input.fileHandleForWriting.close()
        return (process.terminationReason, process.terminationStatus)
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func convertLeavesNoTemporaryFile(signal: Int32, status: Int32) throws {
        let folder = try XStreamBinary.temporaryFolder()
        try "keep".write(to: folder.appendingPathComponent("eval.npy"), atomically: false, encoding: .utf8)
        let before = try XStreamBinary.listing(folder)
        let (process, input) = try start(["convert", "-", "-o", "eval.npy"], in: folder)
        // Both temporary files (the records and the output's) exist from the start.
        let started = try waitUntil { try XStreamBinary.listing(folder).filter { $0.hasPrefix(".") }.count == 2 }
        #expect(started, "the temporary files appear")
        #expect(waitUntil { handlersInstalled(process) })
        let (reason, code) = interrupt(process, with: signal, input: input)
        #expect(reason == .exit)
        #expect(code == status)
        #expect(try XStreamBinary.listing(folder) == before)
        #expect(try String(contentsOf: folder.appendingPathComponent("eval.npy"), encoding: .utf8) == "keep")
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func evalWithAnOutputFileLeavesItUntouched(signal: Int32, status: Int32) throws {
        let folder = try XStreamBinary.temporaryFolder()
        try "last night".write(to: folder.appendingPathComponent("report.json"), atomically: false, encoding: .utf8)
        let before = try XStreamBinary.listing(folder)
        let (process, input) = try start(["eval", "--json", "-o", "report.json", "-"], in: folder)
        #expect(waitUntil { handlersInstalled(process) })
        let (reason, code) = interrupt(process, with: signal, input: input)
        #expect(reason == .exit)
        #expect(code == status)
        #expect(try XStreamBinary.listing(folder) == before)
        #expect(try String(contentsOf: folder.appendingPathComponent("report.json"), encoding: .utf8) == "last night")
    }
}
