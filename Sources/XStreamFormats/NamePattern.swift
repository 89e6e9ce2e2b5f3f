/// A column name, or a shell-style pattern over column names: `*` any run of characters, `?` one character,
/// `[abc]` / `[a-z]` / `[!abc]` one character of (or not of) a set. Anything else matches itself.
package struct NamePattern: Sendable, Equatable {
    private let characters: [Character]
    /// Whether the text holds a pattern character; a plain name is matched exactly.
    package let isPattern: Bool

    package init(_ text: String) {
        characters = Array(text)
        isPattern = text.contains { "*?[".contains($0) }
    }

    /// Whether `name` matches the whole pattern.
    package func matches(_ name: String) -> Bool {
        Self.match(characters[...], Array(name)[...])
    }

    private static func match(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool {
        var pattern = pattern
        var name = name
        // After the last `*`: where it resumed in the pattern, and where in the name it would give one more.
        var star: (pattern: ArraySlice<Character>, name: ArraySlice<Character>)?
        while true {
            if let first = pattern.first, first == "*" {
                pattern = pattern.dropFirst()
                star = (pattern, name)
                continue
            }
            if let character = name.first, let (matched, rest) = step(pattern, character), matched {
                pattern = rest
                name = name.dropFirst()
                continue
            }
            if name.isEmpty, pattern.isEmpty { return true }
            guard let resume = star, !resume.name.isEmpty else { return false }
            star = (resume.pattern, resume.name.dropFirst())
            pattern = resume.pattern
            name = resume.name.dropFirst()
        }
    }

    /// Matches one character against the pattern's first element (a literal, `?` or a set).
    /// - Returns: whether it matched and the rest of the pattern; nil when the pattern is empty.
    private static func step(_ pattern: ArraySlice<Character>, _ character: Character)
        -> (Bool, ArraySlice<Character>)?
    {
        guard let first = pattern.first else { return nil }
        if first == "?" { return (true, pattern.dropFirst()) }
        guard first == "[", let close = pattern.dropFirst(2).firstIndex(of: "]") else {
            return (first == character, pattern.dropFirst())
        }
        var set = pattern[(pattern.startIndex + 1)..<close]
        let negated = set.first == "!"
        if negated { set = set.dropFirst() }
        var found = false
        var index = set.startIndex
        while index < set.endIndex {
            if index + 2 < set.endIndex, set[index + 1] == "-" {
                if set[index] <= character, character <= set[index + 2] { found = true }
                index += 3
            } else {
                if set[index] == character { found = true }
                index += 1
            }
        }
        return (found != negated, pattern[(close + 1)...])
    }
}
