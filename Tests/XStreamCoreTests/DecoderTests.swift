import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs
@testable import XStreamEngine
@testable import XStreamFormats
@testable import XStreamMetrics
@testable import XStreamReport

/// Every decoder against the reference command-line tools, byte for byte, on inputs made here.
@Suite struct DecoderTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    /// CSV-like text (compressible) with some random bytes mixed in.
    private func sampleData(size: Int, seed: UInt64) -> Data {
        var generator = TestSupport.SeededGenerator(seed: seed)
        var bytes = [UInt8]()
        bytes.reserveCapacity(size)
        while bytes.count < size {
            if Int.random(in: 0..<10, using: &generator) == 0 {
                bytes += (0..<Int.random(in: 1...64, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
            } else {
                bytes += Array(
                    "\(Int.random(in: 0...1, using: &generator)),0.\(UInt32.random(in: 0...UInt32.max, using: &generator))\n"
                        .utf8)
            }
        }
        return Data(bytes.prefix(size))
    }

    private func write(_ data: Data, _ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    /// Compresses with the reference tool.
    private func compress(_ data: Data, codec: Codec, flags: [String]) throws -> Data {
        let tool = codec == .zstd ? "zstd" : "lz4"
        let (status, output) = try TestSupport.run([tool, "-c", "-q"] + flags, input: data)
        #expect(status == 0)
        return output
    }

    /// What the reference tool decodes, or nil when it refuses the data.
    private func referenceDecode(_ url: URL, codec: Codec) throws -> Data? {
        let tool = codec == .zstd ? "zstd" : "lz4"
        let (status, output) = try TestSupport.run([tool, "-dc", "-q", url.path])
        return status == 0 ? output : nil
    }

    /// A window limit libzstd refuses is an error, and the decompression context goes back to the pool once:
    /// twice would hand one context to two decoders.
    @Test func aRefusedWindowLimitGivesTheContextBackOnce() throws {
        let url = try write(try compress(sampleData(size: 4096, seed: 3), codec: .zstd, flags: []), "w.zst")
        #expect(throws: XStreamError.self) { try StreamDecoder(path: url.path, maxWindowLog: 40) }
        let first = ZstdContextPool.take()
        let second = ZstdContextPool.take()
        #expect(first != nil && first != second)
        for context in [first, second].compactMap({ $0 }) { ZstdContextPool.giveBack(context) }
    }

    /// Decodes with xstream, asking for `readSize` bytes at a time.
    private func decode(_ url: URL, readSize: Int = 1 << 16, maxWindowLog: Int = 27) throws -> (Data, Codec) {
        let decoder = try StreamDecoder(path: url.path, maxWindowLog: maxWindowLog)
        var result = Data()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: readSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try decoder.read(into: buffer)
            if count == 0 { break }
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return (result, decoder.codec)
    }

    static let sizes = [0, 1, 100, 65_537, 1_048_583, 24 << 20]

    @Test(
        arguments: sizes,
        [
            (Codec.zstd, ["-1", "--no-check"]), (Codec.zstd, ["-3", "--check"]), (Codec.zstd, ["-19", "--check"]),
            (Codec.lz4, ["-1", "--no-frame-crc"]), (Codec.lz4, ["-9", "-BD", "--content-size"]),
            (Codec.lz4, ["-1", "-B4", "-BX"]),
        ])
    func matchesTheReferenceTool(size: Int, setting: (codec: Codec, flags: [String])) throws {
        if setting.flags.contains("-19"), size > 1 << 20 { return }  // level 19 on 24 MiB is slow and adds nothing
        let data = sampleData(size: size, seed: UInt64(size))
        let url = try write(try compress(data, codec: setting.codec, flags: setting.flags), "data.\(setting.codec)")
        let reference = try #require(try referenceDecode(url, codec: setting.codec))
        #expect(reference == data)
        for readSize in [1, 4093, 1 << 20] where readSize > 1 || size <= 65_537 {
            let (decoded, codec) = try decode(url, readSize: readSize)
            #expect(codec == setting.codec)
            #expect(decoded == reference, "size \(size), read size \(readSize)")
        }
    }

    /// `cat a b c` of frames, empty frames and skippable frames anywhere, with mixed checksum settings.
    @Test(arguments: [Codec.zstd, Codec.lz4])
    func concatenatedEmptyAndSkippableFrames(codec: Codec) throws {
        let checksumOn = codec == .zstd ? ["--check"] : ["--content-size"]
        let checksumOff = codec == .zstd ? ["--no-check"] : ["--no-frame-crc"]
        func skippable(_ payload: Int, magicOffset: UInt32) -> Data {
            var frame = Data()
            withUnsafeBytes(of: (0x184D_2A50 + magicOffset).littleEndian) { frame.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(payload).littleEndian) { frame.append(contentsOf: $0) }
            frame.append(Data(repeating: 0xAB, count: payload))
            return frame
        }
        let parts = [
            sampleData(size: 70_000, seed: 1), Data(), sampleData(size: 3, seed: 2), sampleData(size: 200_000, seed: 3),
        ]
        var file = skippable(10, magicOffset: 0)
        var expected = Data()
        for (index, part) in parts.enumerated() {
            file.append(try compress(part, codec: codec, flags: index % 2 == 0 ? checksumOn : checksumOff))
            file.append(skippable(index * 1000, magicOffset: UInt32(index)))
            expected.append(part)
        }
        let url = try write(file, "concatenated")
        #expect(try referenceDecode(url, codec: codec) == expected)
        for readSize in [7, 1 << 16] {
            let (decoded, detected) = try decode(url, readSize: readSize)
            #expect(detected == codec)
            #expect(decoded == expected)
        }
    }

    /// The same bytes fed through a pipe in pieces of random sizes, so frames arrive split at any offset.
    @Test(arguments: [Codec.zstd, Codec.lz4])
    func framesSplitAtArbitraryOffsets(codec: Codec) throws {
        let data = sampleData(size: 300_000, seed: 5)
        let compressed = try compress(data, codec: codec, flags: []) + (try compress(data, codec: codec, flags: []))
        let fifo = folder.appendingPathComponent("pipe-\(codec)")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: fifo.path) else { return }
            var generator = TestSupport.SeededGenerator(seed: 17)
            var offset = 0
            while offset < compressed.count {
                let step = min(Int.random(in: 1...5000, using: &generator), compressed.count - offset)
                handle.write(compressed.subdata(in: offset..<offset + step))
                offset += step
                if step % 7 == 0 { usleep(100) }
            }
            try? handle.close()
        }
        writer.start()
        let (decoded, detected) = try decode(fifo, readSize: 10_007)
        #expect(detected == codec)
        #expect(decoded == data + data)
    }

    @Test(arguments: [Codec.zstd, Codec.lz4])
    func truncatedInputIsAnErrorNamingTheFileAndOffset(codec: Codec) throws {
        let compressed = try compress(sampleData(size: 100_000, seed: 8), codec: codec, flags: [])
        var generator = TestSupport.SeededGenerator(seed: 9)
        let cuts =
            [4, 5, 11, compressed.count / 2, compressed.count - 1]
            + (0..<10).map { _ in Int.random(in: 4..<compressed.count, using: &generator) }
        for cut in cuts {
            let url = try write(compressed.prefix(cut), "truncated-\(cut)")
            #expect(try referenceDecode(url, codec: codec) == nil)
            do {
                _ = try decode(url)
                Issue.record("a file cut at \(cut) of \(compressed.count) bytes decoded without error")
            } catch let error as XStreamError {
                #expect([.truncatedData, .corruptData].contains(error.code))
                #expect(error.message.hasPrefix(url.path))
                #expect(error.message.contains("offset"))
            }
        }
    }

    /// A flipped bit is either refused, or (when it hits a field that does not matter) decodes exactly as the
    /// reference tool decodes it: corrupt data is never passed on as if it were good.
    @Test(arguments: [Codec.zstd, Codec.lz4])
    func bitFlipsNeverPassSilently(codec: Codec) throws {
        let flags = codec == .zstd ? ["--check"] : ["-BX"]
        let original = try compress(sampleData(size: 50_000, seed: 12), codec: codec, flags: flags)
        var generator = TestSupport.SeededGenerator(seed: 13)
        var refused = 0
        for trial in 0..<60 {
            var corrupted = original
            let index = Int.random(in: 4..<corrupted.count, using: &generator)
            corrupted[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            let url = try write(corrupted, "flipped-\(trial)")
            let reference = try referenceDecode(url, codec: codec)
            do {
                let (decoded, _) = try decode(url)
                #expect(
                    decoded == reference,
                    "byte \(index) flipped: xstream accepted data the reference tool treats differently")
            } catch let error as XStreamError {
                refused += 1
                #expect([.truncatedData, .corruptData].contains(error.code), "\(error)")
            }
        }
        #expect(refused > 40)
    }

    @Test func zstdWindowAboveTheLimitIsRefusedUnlessRaised() throws {
        let data = sampleData(size: 10_000, seed: 21)
        // Through a pipe the tool does not know the size, so the frame keeps the 2^28 window it asks for.
        let url = try write(try compress(data, codec: .zstd, flags: ["--long=28"]), "long.zst")
        do {
            _ = try decode(url)
            Issue.record("a 2^28 window was accepted under the default 2^27 limit")
        } catch let error as XStreamError {
            #expect(error.code == .windowTooLarge)
            #expect(error.message.contains("larger than 2^27 bytes"))
            #expect(error.remedy == .allowLargerWindow)
        }
        #expect(try decode(url, maxWindowLog: 28).0 == data)
    }

    @Test func plainBytesPassThroughAndCodecIsNotTakenFromTheName() throws {
        let data = sampleData(size: 5000, seed: 3)
        let url = try write(data, "looks-compressed.csv.zst")
        let (decoded, codec) = try decode(url, readSize: 333)
        #expect(codec == .plain)
        #expect(decoded == data)
        let zstdNamedPlain = try write(try compress(data, codec: .zstd, flags: []), "plain-name.csv")
        #expect(try decode(zstdNamedPlain).1 == .zstd)
    }

    @Test func missingFileIsAnIOError() throws {
        #expect(throws: XStreamError.self) { try StreamDecoder(path: folder.appendingPathComponent("nope").path) }
    }
}
