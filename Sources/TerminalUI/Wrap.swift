/// Word wrapping by display columns.
public enum TextWrap {
    /// Wraps `text` into lines of at most `width` columns. Paragraph breaks (`\n`) are kept;
    /// words longer than a line are cut.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for wordSub in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(wordSub)
                var w = DisplayWidth.of(word)
                if lineWidth > 0, lineWidth + 1 + w <= width {
                    line += " " + word; lineWidth += 1 + w
                    continue
                }
                if lineWidth > 0 { lines.append(line); line = ""; lineWidth = 0 }
                while w > width {
                    let (head, rest) = cut(word, columns: width)
                    lines.append(head)
                    word = rest
                    w = DisplayWidth.of(word)
                }
                line = word; lineWidth = w
            }
            lines.append(line)
        }
        return lines
    }

    /// Splits a string after at most `columns` display columns.
    public static func cut(_ text: String, columns: Int) -> (String, String) {
        var head = ""
        var used = 0
        var index = text.startIndex
        while index < text.endIndex {
            let w = DisplayWidth.of(text[index])
            if used + w > columns { break }
            head.append(text[index]); used += w
            index = text.index(after: index)
        }
        if head.isEmpty, index < text.endIndex { head.append(text[index]); index = text.index(after: index) }
        return (head, String(text[index...]))
    }

    /// Shortens to at most `columns`, ending in "…" (or "..." in ASCII mode) when cut.
    public static func truncate(_ text: String, columns: Int, ascii: Bool = false) -> String {
        if DisplayWidth.of(text) <= columns { return text }
        let ellipsis = ascii ? "..." : "…"
        let room = columns - DisplayWidth.of(ellipsis)
        if room <= 0 { return String(cut(text, columns: columns).0) }
        return cut(text, columns: room).0 + ellipsis
    }

    /// Pads with spaces to exactly `columns` (truncating when longer).
    public static func pad(_ text: String, columns: Int) -> String {
        let t = truncate(text, columns: columns)
        let w = DisplayWidth.of(t)
        return w < columns ? t + String(repeating: " ", count: columns - w) : t
    }
}
