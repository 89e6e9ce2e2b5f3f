import Foundation
import Testing
import XStreamCore

@testable import XStreamEngine

/// Directories, glob patterns and list files, on real folders made here.
@Suite struct InputExpansionTests {
    private let folder: URL
    private var root: String { folder.path }

    init() throws {
        folder = try TestSupport.temporaryFolder()
        for file in [
            "shards/b/2.csv.zst", "shards/b/10.csv.zst", "shards/a/x.csv", "shards/a-c/y.csv", "shards/a/deep/er/z.zst",
            "shards/.hidden.csv", "shards/.cache/w.zst", "shards/top.zst", "shards/ä.csv", "shards/Z.csv",
        ] {
            let url = folder.appendingPathComponent(file)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("label,pred\n1,0.5\n".utf8).write(to: url)
        }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("empty/.only-hidden"), withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent("empty/.only-hidden/f"))
    }

    private func relative(_ paths: [String]) -> [String] { paths.map { String($0.dropFirst(root.count + 1)) } }

    /// Byte-wise order of the relative path: `Z` before `a`, `a-c/…` before `a/…` (`-` sorts before `/`), `ä`
    /// (UTF-8 C3 A4) last; `10` before `2`; hidden files and folders skipped.
    @Test func aDirectoryIsItsFilesInByteOrderWithoutHiddenOnes() throws {
        let found = try InputExpansion.paths([root + "/shards"])
        #expect(
            relative(found) == [
                "shards/Z.csv", "shards/a-c/y.csv", "shards/a/deep/er/z.zst", "shards/a/x.csv", "shards/b/10.csv.zst",
                "shards/b/2.csv.zst", "shards/top.zst", "shards/ä.csv",
            ])
        #expect(try InputExpansion.paths([root + "/shards/"]).first == root + "/shards/Z.csv", "no doubled slash")
    }

    @Test func symbolicLinksToFoldersAreFollowedButNotIntoCycles() throws {
        try FileManager.default.createSymbolicLink(
            atPath: root + "/shards/b/loop", withDestinationPath: root + "/shards")
        try FileManager.default.createSymbolicLink(atPath: root + "/shards/link-a", withDestinationPath: "a")
        let found = relative(try InputExpansion.paths([root + "/shards"]))
        #expect(found.contains("shards/link-a/x.csv"), "a link to a folder that is not an ancestor is read")
        #expect(!found.contains { $0.contains("loop") }, "\(found)")
        let matched = relative(try InputExpansion.paths([root + "/shards/**/*.csv"]))
        #expect(!matched.contains { $0.contains("loop") }, "\(matched)")
    }

    @Test func anEmptyDirectoryIsAnError() throws {
        TestSupport.expectFailure(.io, containing: ["no input files in \(root)/empty"]) {
            _ = try InputExpansion.paths([root + "/empty"])
        }
    }

    @Test(arguments: [
        ("shards/*.zst", ["shards/top.zst"]),
        ("shards/**/*.zst", ["shards/a/deep/er/z.zst", "shards/b/10.csv.zst", "shards/b/2.csv.zst", "shards/top.zst"]),
        ("shards/b/?.csv.zst", ["shards/b/2.csv.zst"]),
        ("shards/[ab]/*", ["shards/a/deep/er/z.zst", "shards/a/x.csv", "shards/b/10.csv.zst", "shards/b/2.csv.zst"]),
        ("shards/[!ab]*.csv", ["shards/Z.csv", "shards/ä.csv"]),
        ("shards/a*", ["shards/a-c/y.csv", "shards/a/deep/er/z.zst", "shards/a/x.csv"]),
        (
            "shards/**",
            [
                "shards/Z.csv", "shards/a-c/y.csv", "shards/a/deep/er/z.zst", "shards/a/x.csv",
                "shards/b/10.csv.zst", "shards/b/2.csv.zst", "shards/top.zst", "shards/ä.csv",
            ]
        ),
        ("shards/a/**/z.zst", ["shards/a/deep/er/z.zst"]),
        ("shards/.*", ["shards/.cache/w.zst", "shards/.hidden.csv"]),
        ("sh*/b/*", ["shards/b/10.csv.zst", "shards/b/2.csv.zst"]),
    ])
    func patternsExpandInByteOrder(pattern: String, expected: [String]) throws {
        #expect(relative(try InputExpansion.paths([root + "/" + pattern])) == expected)
    }

    @Test func aPatternThatMatchesNothingIsAnErrorNamingIt() throws {
        TestSupport.expectFailure(.io, containing: ["\(root)/shards/*.parquet"]) {
            _ = try InputExpansion.paths([root + "/shards/*.parquet"])
        }
        TestSupport.expectFailure(.io, containing: ["nowhere/**/*.csv"]) {
            _ = try InputExpansion.paths([root + "/nowhere/**/*.csv"])
        }
    }

    /// A file whose name holds a glob character is that file, not a pattern.
    @Test func anExistingFileIsNeverAPattern() throws {
        let odd = root + "/shards/[1].csv"
        try Data("label,pred\n1,0.5\n".utf8).write(to: URL(fileURLWithPath: odd))
        #expect(try InputExpansion.paths([odd]) == [odd])
        #expect(try InputExpansion.paths([root + "/missing.csv"]) == [root + "/missing.csv"], "checked when opened")
    }

    @Test func listFilesSkipBlankAndCommentLinesAndExpandTheirEntries() throws {
        let list = root + "/inputs.txt"
        let text = "# nightly shards\n\(root)/shards/top.zst\r\n\n   \n\(root)/shards/b\n#\(root)/shards/Z.csv\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: list))
        let found = try InputExpansion.paths([root + "/shards/Z.csv"], listedIn: [list])
        #expect(relative(found) == ["shards/Z.csv", "shards/top.zst", "shards/b/10.csv.zst", "shards/b/2.csv.zst"])
        #expect(InputExpansion.listedEntries(Array("a\n#b\n\n c \nd".utf8)) == ["a", " c ", "d"])
        TestSupport.expectFailure(.io, containing: ["\(root)/no-list", "cannot open"]) {
            _ = try InputExpansion.paths([], listedIn: [root + "/no-list"])
        }
        TestSupport.expectFailure(.usage, containing: ["only once"]) {
            _ = try InputExpansion.paths(["-"], listedIn: ["-"])
        }
    }

    @Test func expandedInputsEvaluate() throws {
        let sources = try InputExpansion.sources([root + "/shards/b"])
        #expect(sources.map(\.name) == [root + "/shards/b/10.csv.zst", root + "/shards/b/2.csv.zst"])
        TestSupport.expectFailure(.usage, containing: ["no inputs"]) { _ = try InputExpansion.sources([]) }
    }
}
