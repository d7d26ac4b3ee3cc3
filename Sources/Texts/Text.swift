/// The languages every visitor-facing text exists in. Dutch first.
public enum Language: String, Sendable, Codable, CaseIterable {
    case nl, en
}

/// The template of a text as the catalogue of its language has it, placeholders unfilled.
public func template(_ key: TextKey, _ language: Language) -> String {
    switch language {
    case .nl: return dutch(key)
    case .en: return english(key)
    }
}

/// A text in a language, with `{1}`, `{2}`, … replaced by the arguments in that order, each as
/// `String(describing:)` gives it (as `"\(x)"` does).
public func text(_ key: TextKey, _ language: Language, _ arguments: any CustomStringConvertible...) -> String {
    language.text(key, arguments: arguments)
}

extension Language {
    /// The text of `key` in this language, its placeholders filled: `language[.progress, 3, 12]`.
    public subscript(_ key: TextKey, _ arguments: any CustomStringConvertible...) -> String {
        text(key, arguments: arguments)
    }

    /// The same, with the arguments in an array (for the typed façades that pass theirs on).
    public func text(_ key: TextKey, arguments: [any CustomStringConvertible]) -> String {
        let t = template(key, self)
        return arguments.isEmpty ? t : fill(t, arguments.map { String(describing: $0) })
    }
}

/// Replaces each `{n}` (n from 1 to the number of values) by the n-th value; anything else,
/// `{` included, stays as it is.
func fill(_ template: String, _ values: [String]) -> String {
    var out = ""
    var rest = template[...]
    while let open = rest.firstIndex(of: "{") {
        out += rest[..<open]
        let digits = rest[rest.index(after: open)...].prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.endIndex < rest.endIndex, rest[digits.endIndex] == "}",
           let n = Int(digits), n >= 1, n <= values.count {
            out += values[n - 1]
            rest = rest[rest.index(after: digits.endIndex)...]
        } else {
            out.append("{")
            rest = rest[rest.index(after: open)...]
        }
    }
    return out + rest
}

/// The placeholder numbers a template uses, in order of appearance (for the catalogue's tests).
public func placeholders(in template: String) -> [Int] {
    var found: [Int] = []
    var rest = template[...]
    while let open = rest.firstIndex(of: "{") {
        rest = rest[rest.index(after: open)...]
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.endIndex < rest.endIndex, rest[digits.endIndex] == "}", let n = Int(digits) {
            found.append(n)
        }
    }
    return found
}

/// Both languages in one line, "Dutch / English", for a coordinator's message that is said in
/// both whatever `--lang` says.
public func bothLanguages(_ key: TextKey, _ arguments: any CustomStringConvertible...) -> String {
    Language.nl.text(key, arguments: arguments) + " / " + Language.en.text(key, arguments: arguments)
}
