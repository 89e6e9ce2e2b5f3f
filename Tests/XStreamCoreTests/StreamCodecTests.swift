import Foundation
import Testing
import XStreamCore

@testable import XStreamCodecs

/// The gzip, bzip2 and xz decoders against the `gzip`, `bzip2` and `xz` tools, byte for byte, on inputs made
/// here: sizes, levels, concatenated and empty members, every truncation point and random corruptions.
@Suite struct StreamCodecTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    static let codecs = [Codec.gzip, Codec.bzip2, Codec.xz]

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
                bytes += Array("\(Int.random(in: 0...1, using: &generator)),0.\(generator.next() >> 20)\n".utf8)
            }
        }
        return Data(bytes.prefix(size))
    }

    private func write(_ data: Data, _ name: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    private static func tool(_ codec: Codec) -> String {
        switch codec {
        case .gzip: "gzip"
        case .bzip2: "bzip2"
        default: "xz"
        }
    }

    /// Compresses with the reference tool.
    private func compress(_ data: Data, codec: Codec, flags: [String] = []) throws -> Data {
        let (status, output) = try TestSupport.run([Self.tool(codec), "-c", "-q"] + flags, input: data)
        #expect(status == 0)
        return output
    }

    /// What the reference tool decodes, or nil when it refuses the data (or warns about it).
    private func referenceDecode(_ url: URL, codec: Codec) throws -> Data? {
        let (status, output) = try TestSupport.run([Self.tool(codec), "-dc", url.path])
        return status == 0 ? output : nil
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

    static let sizes = [0, 1, 100, 65_537, 1_048_583, 6 << 20]

    @Test(
        arguments: sizes,
        [
            (Codec.gzip, ["-1"]), (Codec.gzip, ["-9", "-n"]), (Codec.bzip2, ["-1"]), (Codec.bzip2, ["-9"]),
            (Codec.xz, ["-0"]), (Codec.xz, ["-6", "--check=sha256"]), (Codec.xz, ["-1", "--block-size=100KiB"]),
            (Codec.xz, ["-0", "--check=none"]),
        ])
    func matchesTheReferenceTool(size: Int, setting: (codec: Codec, flags: [String])) throws {
        // The slow settings on the largest size take seconds and add nothing.
        if size > 1 << 20, setting.flags.contains("-9") || setting.flags.contains("-6") { return }
        let data = sampleData(size: size, seed: UInt64(size) + 7)
        let url = try write(try compress(data, codec: setting.codec, flags: setting.flags), "data.\(setting.codec)")
        let reference = try #require(try referenceDecode(url, codec: setting.codec))
        #expect(reference == data)
        for readSize in [1, 4093, 1 << 20] where readSize > 1 || size <= 65_537 {
            let (decoded, codec) = try decode(url, readSize: readSize)
            #expect(codec == setting.codec)
            #expect(decoded == reference, "size \(size), read size \(readSize)")
        }
    }

    /// `cat a b c` of members or streams of several levels, empty ones among them (xz also with stream padding).
    @Test(arguments: codecs)
    func concatenatedAndEmptyMembers(codec: Codec) throws {
        let parts = [
            Data(), sampleData(size: 70_000, seed: 1), Data(), sampleData(size: 3, seed: 2),
            sampleData(size: 300_000, seed: 3), Data(),
        ]
        var file = Data()
        var expected = Data()
        for (index, part) in parts.enumerated() {
            file.append(try compress(part, codec: codec, flags: [index % 2 == 0 ? "-1" : "-6"]))
            if codec == .xz, index == 1 { file.append(Data(repeating: 0, count: 8)) }
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

    /// `pbzip2` writes one bzip2 stream per block; this builds the same from separately compressed pieces of
    /// one file, and checks that an empty file stays an empty plain input.
    @Test func multiStreamBzip2AndEmptyFile() throws {
        let data = sampleData(size: 500_000, seed: 40)
        var file = Data()
        for start in stride(from: 0, to: data.count, by: 100_000) {
            file.append(try compress(data.subdata(in: start..<min(start + 100_000, data.count)), codec: .bzip2))
        }
        let url = try write(file, "multi.bz2")
        #expect(try decode(url, readSize: 65_000) == (data, .bzip2))
        #expect(try decode(try write(Data(), "empty.gz")) == (Data(), .plain))
    }

    /// Every prefix of a small file is an error naming the file and offset, except those too short to carry
    /// the magic, which are plain bytes.
    @Test(arguments: codecs)
    func everyTruncationPointIsAnError(codec: Codec) throws {
        let compressed = try compress(sampleData(size: 3000, seed: 8), codec: codec)
        let magicLength = codec == .bzip2 ? 4 : 2
        for cut in 0..<compressed.count {
            let url = try write(compressed.prefix(cut), "truncated-\(cut)")
            if cut < magicLength {
                #expect(try decode(url) == (compressed.prefix(cut), .plain))
                continue
            }
            do {
                _ = try decode(url, readSize: cut % 2 == 0 ? 1 << 16 : 97)
                Issue.record("a file cut at \(cut) of \(compressed.count) bytes decoded without error")
            } catch let error as XStreamError {
                #expect([.truncatedData, .corruptData].contains(error.code), "cut \(cut): \(error)")
                #expect(error.message.hasPrefix(url.path))
                #expect(error.message.contains("offset"))
                #expect(error.location?.compressedByteOffset != nil)
                #expect((error.location?.compressedByteOffset ?? .max) <= cut)
            }
        }
    }

    /// Random byte corruptions are refused, or (where the format cannot tell, e.g. a header's time stamp)
    /// decode exactly as the reference tool decodes them: corrupt data never passes as good.
    @Test(arguments: codecs)
    func corruptionsNeverPassSilently(codec: Codec) throws {
        let data = sampleData(size: 40_000, seed: 12)
        let original = try compress(data, codec: codec)
        var generator = TestSupport.SeededGenerator(seed: 13)
        var refused = 0
        for trial in 0..<60 {
            var corrupted = original
            let index = Int.random(in: 0..<corrupted.count, using: &generator)
            if trial % 2 == 0 {
                corrupted[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
            } else {
                corrupted[index] = UInt8.random(in: 0...255, using: &generator)
            }
            let url = try write(corrupted, "corrupted-\(trial)")
            let reference = try referenceDecode(url, codec: codec)
            do {
                let (decoded, detected) = try decode(url)
                if detected == codec {
                    #expect(decoded == reference, "byte \(index): accepted data the reference tool treats differently")
                    #expect(decoded == data || corrupted == original, "byte \(index): wrong bytes passed as good")
                } else {
                    #expect(index < 4, "only a changed magic changes the codec")
                }
            } catch let error as XStreamError {
                refused += 1
                #expect([.truncatedData, .corruptData].contains(error.code), "\(error)")
                #expect(error.cause is CodecFailure || error.code == .truncatedData, "\(error)")
            }
        }
        #expect(refused > 30)
    }

    /// Bytes after the last member that are not another member are corrupt data, never ignored: the error
    /// names an offset in them.
    @Test(arguments: codecs)
    func trailingGarbageIsAnError(codec: Codec) throws {
        let compressed = try compress(sampleData(size: 1000, seed: 5), codec: codec)
        let garbage = Data("label,pred\n1,0.5\n0,0.25\n".utf8)
        let url = try write(compressed + garbage, "garbage")
        TestSupport.expectFailure(.corruptData, containing: [url.path]) { _ = try decode(url) }
        do {
            _ = try decode(url)
        } catch let error as XStreamError {
            let offset = try #require(error.location?.compressedByteOffset)
            #expect((compressed.count...compressed.count + garbage.count).contains(offset), "\(error)")
        }
    }

    /// A stream whose check type liblzma cannot verify (ID 2, reserved) is refused, as the `xz` tool warns
    /// about it, instead of being read unchecked.
    @Test func xzWithAnUnverifiableCheckIsRefused() throws {
        let data = sampleData(size: 2000, seed: 30)
        let original = try write(try compress(data, codec: .xz, flags: ["--check=crc32"]), "crc32.xz")
        let patched = folder.appendingPathComponent("check2.xz")
        // Check ID 1 (CRC32) becomes 2, which has the same 4-byte size; the header and footer CRCs are redone.
        let script = """
            import struct, sys, zlib
            b = bytearray(open(sys.argv[1], "rb").read())
            assert b[7] == 1 and b[-3] == 1
            b[7] = b[-3] = 2
            b[8:12] = struct.pack("<I", zlib.crc32(bytes(b[6:8])))
            b[-12:-8] = struct.pack("<I", zlib.crc32(bytes(b[-8:-2])))
            open(sys.argv[2], "wb").write(b)
            """
        #expect(try TestSupport.run(["python3", "-c", script, original.path, patched.path]).status == 0)
        #expect(try referenceDecode(patched, codec: .xz) == nil, "the xz tool does not accept it silently either")
        TestSupport.expectFailure(.corruptData, containing: [patched.path, "LZMA_UNSUPPORTED_CHECK"]) {
            _ = try decode(patched)
        }
    }

    @Test func xzDictionaryAboveTheLimitIsRefusedUnlessRaised() throws {
        let data = sampleData(size: 10_000, seed: 21)
        let exact = try write(try compress(data, codec: .xz, flags: ["--lzma2=dict=128MiB"]), "dict27.xz")
        #expect(try decode(exact) == (data, .xz), "a 2^27 dictionary is within the default limit")
        let url = try write(try compress(data, codec: .xz, flags: ["--lzma2=dict=256MiB"]), "dict28.xz")
        TestSupport.expectFailure(
            .windowTooLarge, containing: [url.path, "2^27", "LZMA_MEMLIMIT_ERROR"], remedy: .allowLargerWindow
        ) {
            _ = try decode(url)
        }
        #expect(try decode(url, maxWindowLog: 28) == (data, .xz))
    }

    @Test func codecIsTakenFromTheBytesNotTheName() throws {
        let data = sampleData(size: 5000, seed: 3)
        for codec in Self.codecs {
            #expect(try decode(try write(try compress(data, codec: codec), "plain-name-\(codec).csv")) == (data, codec))
        }
        let text = Data("BZh,label,pred\n1,0.5\n".utf8)
        #expect(try decode(try write(text, "text.bz2")) == (text, .plain), "BZh without a digit is text")
    }
}
