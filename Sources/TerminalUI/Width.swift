/// Display width in terminal columns, the way `wcwidth(3)` counts it, but independent of the
/// process locale so that layout (and the golden tests) are the same everywhere: combining marks
/// and zero-width characters take 0 columns, East Asian wide and fullwidth characters and most
/// emoji take 2, everything else printable takes 1.
public enum DisplayWidth {
    /// The width of one Unicode scalar (0, 1 or 2). Control characters count as 0.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        if isZeroWidth(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    /// The width of a grapheme cluster: its first scalar's width (base character); a cluster
    /// with an emoji presentation selector counts as 2.
    public static func of(_ character: Character) -> Int {
        var width = 0
        var first = true
        for s in character.unicodeScalars {
            if first { width = of(s); first = false }
            else if s.value == 0xFE0F, width == 1 { width = 2 }
        }
        return width
    }

    /// The width of a string in columns.
    public static func of(_ text: String) -> Int {
        var total = 0
        for c in text { total += of(c) }
        return total
    }

    static func isZeroWidth(_ v: UInt32) -> Bool {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
             0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF,
             0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x20D0...0x20FF,
             0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF, 0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1,
             0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA,
             0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C,
             0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C,
             0x2B50, 0x2B55, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
             0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F004, 0x1F0CF, 0x1F18E,
             0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF,
             0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD,
             0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

/// Text folded to ASCII for terminals whose locale is not UTF-8: Dutch accents lose their
/// accent (ë → e), typographic punctuation becomes its ASCII cousin.
public enum AsciiFold {
    public static func fold(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.isASCII { out.unicodeScalars.append(scalar); continue }
            if let r = table[scalar.value] { out += r; continue }
            if isZeroWidthMark(scalar.value) { continue }
            out += "?"
        }
        return out
    }

    static func isZeroWidthMark(_ v: UInt32) -> Bool { DisplayWidth.isZeroWidth(v) }

    static let table: [UInt32: String] = {
        var t: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅ", "A"), ("àáâãäå", "a"), ("ÈÉÊË", "E"), ("èéêë", "e"), ("ÌÍÎÏ", "I"),
            ("ìíîï", "i"), ("ÒÓÔÕÖØ", "O"), ("òóôõöø", "o"), ("ÙÚÛÜ", "U"), ("ùúûü", "u"),
            ("Ç", "C"), ("ç", "c"), ("Ñ", "N"), ("ñ", "n"), ("Ýÿý", "y"),
            ("‘’‚′", "'"), ("“”„″", "\""), ("‐‑‒–—―−", "-"), ("·•●◦", "*"),
            ("\u{00A0}\u{2009}\u{202F}\u{2007}", " "),
            ("─━", "-"), ("│┃", "|"), ("┌┐└┘├┤┬┴┼", "+"),
            ("▲↑", "^"), ("▼↓", "v"), ("←", "<"), ("→", ">"),
        ]
        for (chars, r) in groups { for s in chars.unicodeScalars { t[s.value] = r } }
        t[0x00DF] = "ss"; t[0x00C6] = "AE"; t[0x00E6] = "ae"; t[0x0132] = "IJ"; t[0x0133] = "ij"
        t[0x2026] = "..."; t[0x20AC] = "EUR"; t[0x2265] = ">="; t[0x2264] = "<="; t[0x00D7] = "x"
        t[0x2713] = "v"; t[0x2714] = "v"; t[0x2717] = "x"; t[0x00B0] = "o"; t[0x00AB] = "<<"; t[0x00BB] = ">>"
        t[0x2248] = "~"; t[0x00B1] = "+/-"
        return t
    }()
}
