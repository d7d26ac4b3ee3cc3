/// Text on its way to a terminal. A terminal acts on control characters: ESC starts a sequence
/// that can recolour the screen, move the cursor, set the window title or (OSC 52) write the
/// user's clipboard; BEL, C1 controls (U+0080–U+009F, where U+009B is a CSI on its own) and the
/// bidirectional overrides (U+202E turns the rest of a line around) change what a person reads.
/// Catalogue texts, answers, event labels and log values are data, so every place that writes them
/// to standard output or standard error passes them through here first, as the full-screen front
/// does by never drawing a character of width 0.
public enum TerminalText {
    /// Whether a scalar is one the terminal would act on rather than show: C0 controls, DEL, C1
    /// controls, the bidirectional embeddings, overrides and isolates, and the line and paragraph
    /// separators.
    @inline(__always)
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return true }
        guard v >= 0x61C else { return false }
        switch v {
        case 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// A control character, or an invisible format character (zero-width space, U+202E …):
    /// nothing a name or an e-mail address a person typed should contain.
    public static func isControlOrFormat(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || scalar.properties.generalCategory == .format
    }

    /// Whether `text` holds any such scalar.
    public static func containsControl(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// The text without them. A tab becomes a space; a line break stays when `keepingLineBreaks`
    /// (output made of lines), so only what the program itself writes can end a line. Works on
    /// the UTF-8 bytes: `match` on a large catalogue writes megabytes through here.
    public static func strip(_ text: String, keepingLineBreaks: Bool = true) -> String {
        var text = text
        return text.withUTF8 { u -> String in
            // Bytes that may start a control character: C0, DEL, and the lead bytes of C1 (C2),
            // of U+061C (D8) and of the bidirectional controls and separators (E2).
            guard let first = u.firstIndex(where: { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) else {
                return String(decoding: u, as: UTF8.self)
            }
            var out = [UInt8]()
            out.reserveCapacity(u.count)
            out.append(contentsOf: u[..<first])
            var i = first
            while i < u.count {
                let b = u[i]
                switch b {
                case 0x0A: if keepingLineBreaks { out.append(b) }; i += 1
                case 0x09: out.append(0x20); i += 1
                case ..<0x20, 0x7F: i += 1
                case 0xC2 where i + 1 < u.count && u[i + 1] >= 0x80 && u[i + 1] < 0xA0: i += 2
                case 0xD8 where i + 1 < u.count && u[i + 1] == 0x9C: i += 2
                case 0xE2 where i + 2 < u.count && isControl(Unicode.Scalar(UInt32(u[i + 1] & 0x3F) << 6 | UInt32(u[i + 2] & 0x3F) | 0x2000)!)
                    && (u[i + 1] == 0x80 || u[i + 1] == 0x81):
                    i += 3
                default: out.append(b); i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// A value quoted in a message (an option id, a question id, a route id): controls shown as
    /// `\u{1B}`, and at most `limit` characters, so that a hostile value can neither act on the
    /// terminal nor flood it.
    public static func excerpt(_ text: some StringProtocol, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for s in text.unicodeScalars {
            if count == limit {
                out += "…(\(text.unicodeScalars.count) characters)"
                break
            }
            if isControl(s) {
                out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(s)
            }
            count += 1
        }
        return out
    }

    /// `U+001B`, for messages.
    public static func name(_ scalar: UInt32) -> String {
        let hex = String(scalar, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// JSON text (UTF-8) with the control characters JSON allows raw (C1, the bidirectional
    /// controls, U+2028/2029) written as `\uXXXX` escapes instead: the same JSON value, safe to
    /// print. (C0 controls are escaped by every JSON encoder already.)
    public static func escapingControlsInJSON(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }) else { return bytes }
        let text = String(decoding: bytes, as: UTF8.self)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        for s in text.unicodeScalars {
            if s.value >= 0x80 && isControl(s) {
                let hex = String(s.value, radix: 16)
                out += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            } else {
                out += Array(String(s).utf8)
            }
        }
        return out
    }

    /// A list of ids for a message: the first `limit`, then how many more.
    public static func list(_ ids: some Collection<String>, limit: Int = 20) -> String {
        let shown = ids.prefix(limit).map { excerpt($0) }.joined(separator: ", ")
        return ids.count > limit ? shown + ", … (\(ids.count - limit) more)" : shown
    }
}
