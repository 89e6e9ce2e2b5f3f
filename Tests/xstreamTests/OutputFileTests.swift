import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `-o FILE` never destroys anything, and a failed write is exit 2 naming the path and the system's reason.
@Suite struct OutputFileTests {
    private let folder: URL

    init() throws { folder = try XStreamBinary.temporaryFolder() }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func fileType(_ path: String) throws -> FileAttributeType? {
        try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
    }

    private func eval(_ output: String) throws -> XStreamBinary.Outcome {
        try XStreamBinary.run(["eval", "--pred", "pred", "-o", output, XStreamBinary.shard], in: folder)
    }

    @Test func aDeviceIsWrittenInPlaceAndStaysADevice() throws {
        #expect(try eval("/dev/null").status == 0)
        #expect(try fileType("/dev/null") == .typeCharacterSpecial)
        let outcome = try XStreamBinary.run(
            ["eval", "--pred", "pred", "--json", "-o", "/dev/stdout", XStreamBinary.shard], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.output.components(separatedBy: "\"xstream_version\"").count == 3, "the report twice")
    }

    @Test func aFullDeviceIsExitTwoWithThePathAndTheReason() throws {
        let outcome = try eval("/dev/full")
        #expect(outcome.status == 2)
        #expect(outcome.error == "xstream: error: /dev/full: write failed: No space left on device\n")
        #expect(try fileType("/dev/full") == .typeCharacterSpecial)
        #expect(outcome.output.isEmpty, "no report after a failed write")
    }

    @Test func aSymbolicLinkChainIsFollowedAndTheLinksStay() throws {
        try FileManager.default.createDirectory(atPath: path("runs"), withIntermediateDirectories: true)
        try "old".write(toFile: path("runs/tonight.json"), atomically: false, encoding: .utf8)
        chmod(path("runs/tonight.json"), 0o600)
        try FileManager.default.createSymbolicLink(
            atPath: path("latest.json"), withDestinationPath: "runs/tonight.json")
        try FileManager.default.createSymbolicLink(atPath: path("current.json"), withDestinationPath: "latest.json")
        #expect(try eval("current.json").status == 0)
        #expect(try fileType(path("current.json")) == .typeSymbolicLink)
        #expect(try fileType(path("latest.json")) == .typeSymbolicLink)
        let report = try String(contentsOfFile: path("runs/tonight.json"), encoding: .utf8)
        #expect(report.hasPrefix("{") && report.hasSuffix("}\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: path("runs/tonight.json"))[.posixPermissions]
        #expect(mode as? Int == 0o600, "a replaced file keeps its permissions")
        #expect(try XStreamBinary.listing(folder) == ["current.json", "latest.json", "runs"])
        #expect(try XStreamBinary.listing(folder.appendingPathComponent("runs")) == ["tonight.json"])
    }

    @Test func aDanglingLinkGetsItsTargetCreated() throws {
        try FileManager.default.createSymbolicLink(atPath: path("latest.json"), withDestinationPath: "new.json")
        #expect(try eval("latest.json").status == 0)
        #expect(try fileType(path("latest.json")) == .typeSymbolicLink)
        #expect(try String(contentsOfFile: path("new.json"), encoding: .utf8).hasPrefix("{"))
    }

    @Test func aFIFOIsWrittenInPlace() throws {
        #expect(mkfifo(path("pipe"), 0o644) == 0)
        let reader = DispatchQueue(label: "reader")
        let received = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var bytes = Data()
        let fifo = path("pipe")
        reader.async {
            bytes = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
            received.signal()
        }
        #expect(try eval("pipe").status == 0)
        #expect(received.wait(timeout: .now() + 30) == .success)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("{"))
        #expect(try fileType(path("pipe")) != .typeRegular)
        #expect(try XStreamBinary.listing(folder) == ["pipe"])
    }

    @Test func aUnixSocketIsConnectedToAndWrittenInPlace() throws {
        // A listener that stores what one connection sends.
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        listener.arguments = [
            "python3", "-c",
            """
            import socket
            s = socket.socket(socket.AF_UNIX); s.bind("report.sock"); s.listen(1)
            c, _ = s.accept(); data = b""
            while chunk := c.recv(65536): data += chunk
            open("received.json", "wb").write(data)
            """,
        ]
        listener.currentDirectoryURL = folder
        try listener.run()
        var waited = 0
        while !FileManager.default.fileExists(atPath: path("report.sock")), waited < 100 {
            usleep(100_000)
            waited += 1
        }
        #expect(try eval("report.sock").status == 0)
        listener.waitUntilExit()
        #expect(try String(contentsOfFile: path("received.json"), encoding: .utf8).hasPrefix("{"))
        #expect(try fileType(path("report.sock")) == .typeSocket)
        #expect(try XStreamBinary.listing(folder) == ["received.json", "report.sock"])
    }

    @Test func aDirectoryOrALinkLoopIsAnError() throws {
        try FileManager.default.createDirectory(atPath: path("reports"), withIntermediateDirectories: true)
        let outcome = try eval("reports")
        #expect(outcome.status == 2)
        #expect(outcome.error == "xstream: error: reports: is a directory\n")
        try FileManager.default.createSymbolicLink(atPath: path("loop"), withDestinationPath: "loop")
        let loop = try eval("loop")
        #expect(loop.status == 2)
        #expect(loop.error.contains("loop: too many levels of symbolic links"))
        #expect(try XStreamBinary.listing(folder) == ["loop", "reports"])
    }

    @Test func aMissingFolderNamesTheUsersPath() throws {
        let outcome = try eval("missing/report.json")
        #expect(outcome.status == 2)
        #expect(
            outcome.error
                == "xstream: error: missing/report.json: cannot write there (missing): No such file or directory\n")
        #expect(try eval("").error == "xstream: error: the output path is empty\n")
        #expect(try XStreamBinary.listing(folder).isEmpty)
    }

    @Test func convertFollowsTheSameRulesAndLeavesNothingOnAFullDevice() throws {
        try FileManager.default.createSymbolicLink(atPath: path("full.npy"), withDestinationPath: "/dev/full")
        let outcome = try XStreamBinary.run(
            ["convert", "--pred", "pred", XStreamBinary.shard, "-o", "full.npy"], in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.error == "xstream: error: full.npy: write failed: No space left on device\n")
        #expect(try XStreamBinary.listing(folder) == ["full.npy"])
        #expect(try fileType("/dev/full") == .typeCharacterSpecial)

        try FileManager.default.createDirectory(atPath: path("out.npy"), withIntermediateDirectories: true)
        let directory = try XStreamBinary.run(["convert", XStreamBinary.shard, "-o", "out.npy"], in: folder)
        #expect(directory.status == 2)
        #expect(directory.error == "xstream: error: out.npy: is a directory\n")
    }

    @Test func convertIntoAFolderItCannotWriteNamesTheOutput() throws {
        // /sys refuses new files, even to root.
        let outcome = try XStreamBinary.run([
            "convert", "--pred", "pred", XStreamBinary.shard, "-o", "/sys/xstream.npy",
        ])
        #expect(outcome.status == 2)
        #expect(outcome.error.hasPrefix("xstream: error: /sys/xstream.npy: cannot create: "))
        #expect(!FileManager.default.fileExists(atPath: "/sys/xstream.npy"))
    }

    @Test func convertReplacesALinkedFileAtomically() throws {
        try "old".write(toFile: path("data.npy"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path("eval.npy"), withDestinationPath: "data.npy")
        let outcome = try XStreamBinary.run(
            ["convert", "--pred", "pred", XStreamBinary.shard, "-o", "eval.npy"], in: folder)
        #expect(outcome.status == 0)
        #expect(try fileType(path("eval.npy")) == .typeSymbolicLink)
        #expect(try XStreamBinary.listing(folder) == ["data.npy", "eval.npy"])
        let evaluated = try XStreamBinary.run(["eval", "eval.npy"], in: folder)
        #expect(evaluated.status == 0, "\(evaluated.error)")
    }
}
