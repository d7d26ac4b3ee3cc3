/// What a name and an e-mail address left on the contact form must be: one definition, used by the
/// form (both fronts) before it records and by the contacts store before it writes, so that the
/// visitor never confirms details the store then refuses.
public enum ContactRules {
    /// The most characters a name may have (after trimming).
    public static let nameLimit = 100
    /// The most bytes an address may have (RFC 5321's path limit); its local part at most 64.
    public static let emailLimit = 254

    public enum NameProblem: Sendable, Hashable {
        case missing
        case tooLong(max: Int)
        /// A character other than letters (any script, with their accents), spaces, hyphens,
        /// apostrophes and dots.
        case characters
    }

    /// Leading and trailing white space removed (any Unicode white space).
    public static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Nil when `name` (trimmed) is acceptable: 1–100 characters, at least one letter, and only
    /// letters of any script (é, ë, ï, ø, ł …), spaces, hyphens, apostrophes and dots.
    public static func nameProblem(_ name: String) -> NameProblem? {
        let n = trimmed(name)
        if n.isEmpty { return .missing }
        if n.count > nameLimit { return .tooLong(max: nameLimit) }
        guard n.contains(where: \.isLetter), n.allSatisfy(isNameCharacter) else { return .characters }
        return nil
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c == " " || c == "-" || c == "'" || c == "\u{2019}" || c == "." ||
            c.unicodeScalars.allSatisfy { $0.properties.generalCategory == .nonspacingMark }
    }

    /// A plain shape check, not a verification: one `@`; a local part of 1–64 characters with no
    /// white space, not starting or ending with a dot and without two dots in a row; a domain of
    /// two or more labels of letters, digits and hyphens (not at a label's ends), the last of at
    /// least two characters; nothing a terminal or text layout would act on (control characters
    /// such as U+009B, bidirectional overrides such as U+202E).
    public static func isValidEmail(_ email: String) -> Bool {
        let e = trimmed(email)
        guard e.utf8.count <= emailLimit, !e.contains(where: \.isWhitespace),
              !e.unicodeScalars.contains(where: TerminalText.isControlOrFormat) else { return false }
        let parts = e.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && !label.hasPrefix("-") && !label.hasSuffix("-") &&
                label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }
}
