import Foundation
import Testing
import XStreamCore

#if canImport(Glibc)
    import Glibc
#endif

/// The same file given twice is a usage error naming both arguments, never counted twice.
@Suite struct DuplicateInputTests {
    private let folder: URL

    init() throws {
        let folder = try XStreamBinary.temporaryFolder()
        self.folder = folder
        let file = { (name: String) in folder.appendingPathComponent(name).path }
        try FileManager.default.copyItem(atPath: XStreamBinary.shard, toPath: file("a.csv"))
        try FileManager.default.copyItem(atPath: XStreamBinary.shard, toPath: file("copy.csv"))
        #expect(link(file("a.csv"), file("hard.csv")) == 0)
        try FileManager.default.createSymbolicLink(atPath: file("soft.csv"), withDestinationPath: "a.csv")
    }

    @Test(arguments: ["a.csv", "./a.csv", "hard.csv", "soft.csv", "../FOLDER/a.csv"])
    func theSameFileTwiceIsAUsageError(second: String) throws {
        let second = second.replacingOccurrences(of: "FOLDER", with: folder.lastPathComponent)
        for command in [["eval", "--pred", "pred"], ["convert", "--pred", "pred", "-o", "out.npy"]] {
            let outcome = try XStreamBinary.run(command + ["a.csv", "copy.csv", second], in: folder)
            #expect(outcome.status == 2)
            #expect(outcome.error == "xstream: error: a.csv and \(second) are the same file; give each input once\n")
            #expect(outcome.output.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.npy").path))
    }

    @Test func standardInputRedirectedFromAnInputIsTheSameFile() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        process.arguments = ["eval", "--pred", "pred", "a.csv", "-"]
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle(forReadingAtPath: folder.appendingPathComponent("a.csv").path)
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message == "xstream: error: a.csv and standard input (-) are the same file; give each input once\n")
    }

    @Test func twoFilesWithTheSameBytesAreTwoInputs() throws {
        let rows = { (inputs: [String]) throws -> JSONValue? in
            let outcome = try XStreamBinary.run(["eval", "--pred", "pred", "--json"] + inputs, in: self.folder)
            return try JSONValue.parse(outcome.output)["rows"]
        }
        let one = try #require(try rows(["a.csv"])?.doubleValue)
        #expect(try rows(["a.csv", "copy.csv"])?.doubleValue == 2 * one)
    }
}
