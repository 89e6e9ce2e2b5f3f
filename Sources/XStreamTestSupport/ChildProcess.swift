import Foundation

/// Runs a program to completion for a test: feeds standard input, collects standard output and error, and
/// ends it if it outlives a time limit.
public enum ChildProcess {
    /// What a finished run left behind.
    public struct Outcome: Sendable {
        /// The exit status, or the signal number when a signal ended it.
        public var status: Int32
        /// True when a signal ended the program (a crash, or the time limit).
        public var signaled: Bool
        public var output: Data
        public var error: String
    }

    /// Runs `executable` with `arguments`.
    /// - Parameters:
    ///   - executable: A path, or a bare name looked up on PATH.
    ///   - arguments: The arguments.
    ///   - input: Bytes for standard input; none (end of file at once) when nil.
    ///   - folder: The working folder; the current one when nil.
    ///   - timeLimit: Seconds after which the program is terminated.
    public static func run(
        _ executable: String, _ arguments: [String], input: Data? = nil, in folder: URL? = nil,
        timeLimit: Int = 120
    ) throws -> Outcome {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let folder { process.currentDirectoryURL = folder }
        // Standard error goes to a file, so that neither pipe can fill up while the other is being read.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        let output = Pipe()
        let inputPipe = input.map { _ in Pipe() }
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        try process.run()
        if let input, let inputPipe {
            DispatchQueue.global().async {
                inputPipe.fileHandleForWriting.write(input)
                try? inputPipe.fileHandleForWriting.close()
            }
        }
        // The queue keeps a cancelled work item until its deadline: it must not keep the process, and with it the
        // pipes, for that long. Every descriptor is closed here, not left to deinitialisers: a test process that
        // piles up descriptors makes Foundation's `Process.run` scan a long /proc/self/fd, and its scan over-reads
        // glibc's readdir buffer (fixed upstream in swift-corelibs-foundation pull request 5472), a crash seen in CI.
        let watchdog = DispatchWorkItem { [weak process] in
            if let process, process.isRunning { process.terminate() }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeLimit), execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        try output.fileHandleForReading.close()
        try errorHandle.close()
        return Outcome(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal, output: data,
            error: try String(contentsOf: errorFile, encoding: .utf8))
    }
}
