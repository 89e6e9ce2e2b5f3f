import Foundation
import Testing
import XStreamTestSupport

/// Files in formats xstream does not read get short words that name the format and what to do instead.
@Suite struct ForeignInputTests {
    private let folder: URL

    init() throws {
        folder = try XStreamBinary.temporaryFolder()
        // Real archives, written by Python's standard library; Parquet and Feather by their magic. (gzip, bzip2
        // and xz are read: see RealInputTests.)
        let script = """
            import zipfile, random
            csv = b"label,pred\\n1,0.5\\n"
            with zipfile.ZipFile("data.zip", "w") as z: z.writestr("data.csv", csv)
            open("preds.parquet", "wb").write(b"PAR1\\x15\\x04\\x15\\x10\\x15\\x14L\\x15\\x02\\x15\\x00\\x12\\x00\\x00" * 20)
            open("preds.feather", "wb").write(b"ARROW1\\x00\\x00\\xff\\xff\\xff\\xff" * 20)
            open("utf16.csv", "wb").write("label,pred\\n1,0.5\\n".encode("utf-16"))
            open("old.feather", "wb").write(b"FEA1" + bytes(60) + b"FEA1")
            open("data.sz", "wb").write(b"\\xff\\x06\\x00\\x00sNaPpY\\x00\\x1a\\x00\\x00")
            random.seed(12)
            open("random.bin", "wb").write(bytes(random.randrange(256) for _ in range(5000)))
            """
        let outcome = try ChildProcess.run("python3", ["-c", script], in: folder)
        #expect(outcome.status == 0, "\(outcome.error)")
        _ = try ChildProcess.run("zstd", ["-q", "preds.parquet", "-o", "preds.parquet.zst"], in: folder)
    }

    /// Runs `eval` on `name` and checks the one short, clean error line.
    private func error(_ name: String, command: String = "eval") throws -> String {
        let arguments = command == "eval" ? ["eval", name] : ["convert", name, "-o", "out.npy"]
        let outcome = try XStreamBinary.run(arguments, in: folder)
        #expect(outcome.status == 2)
        #expect(outcome.error.utf8.count < 300, "\(outcome.error)")
        #expect(!outcome.error.dropLast().unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{FFFD}" })
        #expect(outcome.error.hasSuffix("\n") && outcome.error.filter { $0 == "\n" }.count == 1)
        return outcome.error
    }

    @Test(arguments: [
        ("data.zip", "a zip archive"),
        ("data.sz", "Snappy-framed"),
        ("old.feather", "a Feather v1 file"),
        ("utf16.csv", "UTF-16 text (little-endian)"),
        ("random.bin", "does not look like CSV text"),
    ])
    func foreignFormatsAreNamed(name: String, words: String) throws {
        let message = try error(name)
        #expect(message.hasPrefix("xstream: error: \(name): \(words)"), "\(message)")
        #expect(try error(name, command: "convert").hasPrefix("xstream: error: \(name): \(words)"))
    }

    /// Parquet and Arrow files are read now; damaged ones (a magic, then garbage) end in one short, clean line.
    @Test(arguments: ["preds.parquet", "preds.parquet.zst", "preds.feather"])
    func damagedColumnarFilesAreOneCleanError(name: String) throws {
        #expect(try error(name).hasPrefix("xstream: error: \(name): "))
    }

    @Test func longHeaderListsAreCut() throws {
        let header = (0..<200).map { "col\($0)" }.joined(separator: ",")
        try Data(Array(header.utf8) + Array("\n1,2\n".utf8)).write(to: folder.appendingPathComponent("wide.csv"))
        let message = try error("wide.csv")
        #expect(message.contains("no column named \"label\"; the header has \"col0\", \"col1\""))
        #expect(message.contains("… and "))
    }

    @Test func aControlCharacterDelimiterIsStillText() throws {
        try Data("label\u{1F}pred\n1\u{1F}0.5\n".utf8).write(to: folder.appendingPathComponent("unit.csv"))
        let outcome = try XStreamBinary.run(["eval", "--delimiter", "\u{1F}", "unit.csv"], in: folder)
        #expect(outcome.status == 0, "\(outcome.error)")
        #expect(try error("unit.csv").contains("does not look like CSV text (byte 5 of its first line is \\x1F)"))
    }

    @Test func badFieldTextIsEscaped() throws {
        let bytes = Array("label,pred\n1,ab".utf8) + [0xFF, 0x02] + Array("c\n".utf8)
        try Data(bytes).write(to: folder.appendingPathComponent("bad.csv"))
        #expect(
            try error("bad.csv") == "xstream: error: bad.csv:2: column \"pred\": \"ab\\xFF\\x02c\" is not a number\n")
    }

    @Test func latinOneHeaderNamesCanBeSelectedAsShown() throws {
        let bytes = Array("label,pr".utf8) + [0xE9] + Array("d\n1,0.5\n".utf8)
        try Data(bytes).write(to: folder.appendingPathComponent("latin.csv"))
        let missing = try XStreamBinary.run(["eval", "--pred", "pred", "latin.csv"], in: folder)
        #expect(missing.error.contains("no column named \"pred\"; the header has \"label\", \"pr\\xE9d\"; choose"))
        let outcome = try XStreamBinary.run(["eval", "--pred", "pr\\xE9d", "latin.csv"], in: folder)
        #expect(outcome.status == 0, "\(outcome.error)")
    }
}
