/// What a cell means, not how it looks: the backend maps roles to colour pairs, or (without
/// colour) to bold/reverse/underline, so that no information is carried by colour alone.
public enum CellRole: UInt8, Sendable, Hashable {
    case normal, title, accent, focus, selected, ok, warn, bad, muted, keys, error
    /// A QR code drawn in half blocks: light on dark, never reversed.
    case code
}

/// The look of one cell.
public struct Style: Sendable, Hashable {
    public var role: CellRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: CellRole = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role; self.bold = bold; self.reverse = reverse; self.underline = underline
    }
    public static let plain = Style()
}

/// One terminal cell: a grapheme cluster and its style. A wide character occupies its cell and
/// the next one, which is marked as a continuation.
public struct Cell: Sendable, Hashable {
    public var text: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ text: Character = " ", style: Style = .plain, continuation: Bool = false) {
        self.text = text; self.style = style; self.isContinuation = continuation
    }
    public static let blank = Cell()
}

/// An in-memory screen: the view renders into it, a backend draws it (ncurses) or keeps it (tests).
public struct Grid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should stand (a text field), or nil to hide it.
    public var cursor: (row: Int, column: Int)? {
        get { cursorRow.map { ($0, cursorColumn) } }
        set { cursorRow = newValue?.row; cursorColumn = newValue?.column ?? 0 }
    }
    private var cursorRow: Int?
    private var cursorColumn: Int = 0
    /// Where the hidden cursor rests when no text field wants it: the focused item's row, so a
    /// screen reader or magnifier that follows the cursor follows the focus (as dialog and
    /// whiptail do), and a focus move ends with no cursor jump to the bottom line.
    public var restingRow: Int?
    public var restingColumn = 0

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (a: Grid, b: Grid) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells
            && a.cursorRow == b.cursorRow && a.cursorColumn == b.cursorColumn && a.restingRow == b.restingRow && a.restingColumn == b.restingColumn
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set { cells[row * width + column] = newValue }
    }

    /// Writes text from (row, column), clipped at `limit` columns (default: the right edge).
    /// Returns the column after the last character written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard row >= 0, row < height else { return column }
        let end = min(width, limit.map { column + $0 } ?? width)
        var x = column
        for ch in text {
            let w = DisplayWidth.of(ch)
            if w == 0 {
                continue
            }
            if x + w > end { break }
            if x >= 0 {
                self[row, x] = Cell(ch, style: style)
                if w == 2 { self[row, x + 1] = Cell(" ", style: style, continuation: true) }
            }
            x += w
        }
        return x
    }

    /// Fills a rectangle with a style (keeping text) or with blanks.
    public mutating func fill(row: Int, column: Int, width w: Int, height h: Int, style: Style, keepText: Bool = false) {
        for r in max(0, row)..<min(height, row + h) {
            for c in max(0, column)..<min(width, column + w) {
                if keepText { self[r, c].style = style } else { self[r, c] = Cell(" ", style: style) }
            }
        }
    }

    /// The grid as plain text, one line per row, trailing blanks kept (for goldens).
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for r in 0..<height {
            var line = ""
            for c in 0..<width where !self[r, c].isContinuation { line.append(self[r, c].text) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// One line of text (for tests and the plain renderer).
    public func line(_ row: Int) -> String {
        var line = ""
        for c in 0..<width where !self[row, c].isContinuation { line.append(self[row, c].text) }
        return line
    }
}
