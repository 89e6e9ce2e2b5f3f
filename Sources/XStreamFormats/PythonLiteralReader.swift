import XStreamCodecs

/// Reads the subset of Python literal syntax that NumPy writes in headers.
struct PythonLiteralReader {
    private let characters: [Character]
    private var index = 0
    private var depth = 0

    init(text: String) { characters = Array(text) }

    private func failure(_ what: String) -> XStreamError {
        XStreamError(.invalidHeader, ".npy header: \(EscapedText.printable(what, limit: 80)) at character \(index)")
    }

    private mutating func skipSpace() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    mutating func value() throws -> PythonLiteral {
        skipSpace()
        guard index < characters.count else { throw failure("unexpected end") }
        depth += 1
        defer { depth -= 1 }
        guard depth < 32 else { throw failure("nested too deeply") }
        let character = characters[index]
        switch character {
        case "{":
            index += 1
            var entries: [String: PythonLiteral] = [:]
            while true {
                skipSpace()
                if index < characters.count, characters[index] == "}" {
                    index += 1
                    return .dictionary(entries)
                }
                guard case .string(let key) = try value() else { throw failure("dict key is not a string") }
                skipSpace()
                guard index < characters.count, characters[index] == ":" else { throw failure("expected ':'") }
                index += 1
                entries[key] = try value()
                try separator(closing: "}")
            }
        case "[", "(":
            let closing: Character = character == "[" ? "]" : ")"
            index += 1
            var items: [PythonLiteral] = []
            while true {
                skipSpace()
                if index < characters.count, characters[index] == closing {
                    index += 1
                    return closing == "]" ? .list(items) : .tuple(items)
                }
                items.append(try value())
                try separator(closing: closing)
            }
        case "'", "\"":
            index += 1
            var text = ""
            while index < characters.count, characters[index] != character {
                if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                text.append(characters[index])
                index += 1
            }
            guard index < characters.count else { throw failure("unterminated string") }
            index += 1
            return .string(text)
        default:
            var word = ""
            while index < characters.count,
                characters[index].isLetter || characters[index].isNumber
                    || characters[index] == "-" || characters[index] == "_"
            {
                word.append(characters[index])
                index += 1
            }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default:
                let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
                guard let value = Int(digits) else { throw failure("unexpected '\(word)'") }
                return .integer(value)
            }
        }
    }

    private mutating func separator(closing: Character) throws {
        skipSpace()
        guard index < characters.count else { throw failure("unexpected end") }
        if characters[index] == "," {
            index += 1
        } else if characters[index] != closing {
            throw failure("expected ',' or '\(closing)'")
        }
    }
}
