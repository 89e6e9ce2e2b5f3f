import Testing

@testable import XStreamCore

/// Bytes echoed in messages: control bytes and invalid UTF-8 as `\xNN`, long text cut.
@Suite struct EscapedTextTests {
    @Test func validTextIsUnchangedByDecoding() {
        #expect(EscapedText.decoding(Array("prédiction €".utf8)) == "prédiction €")
    }

    @Test func invalidBytesBecomeHexEscapes() {
        #expect(EscapedText.decoding([0x70, 0x72, 0xE9, 0x64]) == "pr\\xE9d")
        #expect(EscapedText.decoding([0xC3]) == "\\xC3")
        #expect(EscapedText.decoding([0xF0, 0x9F, 0x98]) == "\\xF0\\x9F\\x98")
        #expect(EscapedText.decoding([0xC0, 0x80, 0x41]) == "\\xC0\\x80A", "overlong forms are invalid")
    }

    @Test func controlCharactersAreEscapedAndLongTextCut() {
        #expect(EscapedText.printable("a\u{0}b\n\u{7F}\u{85}") == "a\\x00b\\x0A\\x7F\\x85")
        #expect(EscapedText.printable("\u{FFFD}x") == "\\uFFFDx")
        #expect(EscapedText.printable(bytes: [0x50, 0x41, 0x52, 0x31, 0x15, 0xFF]) == "PAR1\\x15\\xFF")
        #expect(EscapedText.printable(String(repeating: "x", count: 50)) == String(repeating: "x", count: 40) + "…")
    }

    @Test func listsAreCutWithACount() {
        let names = (0..<100).map { "column_\($0)" }
        let list = EscapedText.quotedList(names)
        #expect(list.hasPrefix("\"column_0\", \"column_1\""))
        #expect(list.hasSuffix(" more"))
        #expect(list.utf8.count < 160)
        #expect(EscapedText.quotedList(["a", "b"]) == "\"a\", \"b\"")
    }

    @Test func messagesStayUnderTheirByteLimit() {
        let long = String(repeating: "é", count: 400) + "\u{1}"
        let message = EscapedText.message(long, maxBytes: 299)
        #expect(message.utf8.count <= 299)
        #expect(message.hasSuffix("…"))
        #expect(EscapedText.message("short\u{1}", maxBytes: 299) == "short\\x01")
    }
}
