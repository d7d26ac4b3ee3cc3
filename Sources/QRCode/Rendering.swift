/// Drawing a QR code as text with Unicode half blocks, and as a binary PGM image.
///
/// A text cell is one module wide and two modules high: its top half is one module row, its
/// bottom half the next. `█` fills both, `▀` the top, `▄` the bottom, a space neither. Whatever
/// is "filled" shows in the terminal's foreground colour, the rest in its background colour.
///
/// Phone cameras read dark modules on a light ground best; many read inverted codes poorly or
/// not at all. So which modules are filled depends on the terminal:
///
/// * `.lightOnDark` (the default; most terminals, and what a kiosk should set explicitly with a
///   light-on-dark colour pair): the *light* modules and the light quiet zone are filled, the
///   dark modules are left as background. On a dark background this shows the code the right
///   way round.
/// * `.darkOnLight` (terminals with dark text on a light background): the *dark* modules are
///   filled; the light modules and the quiet zone are background.
///
/// Either way the code is drawn with its full 4-module quiet zone; a screen that cannot hold it
/// should say so instead of drawing (see `fits(width:height:)`).
public enum QRPalette: String, Sendable, Hashable, CaseIterable {
    /// For a terminal with a dark background and light text: light modules are drawn.
    case lightOnDark
    /// For a terminal with a light background and dark text: dark modules are drawn.
    case darkOnLight
}

extension QRMatrix {
    /// Modules per side including the quiet zone on both sides.
    public var sideWithQuietZone: Int { size + 2 * QRMatrix.quietZone }

    /// Text columns the half-block drawing needs (one per module, quiet zone included).
    public var textWidth: Int { sideWithQuietZone }

    /// Text rows the half-block drawing needs (two module rows per text row, rounded up).
    public var textHeight: Int { (sideWithQuietZone + 1) / 2 }

    /// Whether the half-block drawing, quiet zone included, fits in `width` columns and
    /// `height` rows. When it does not, show a sentence instead of a broken code.
    public func fits(width: Int, height: Int) -> Bool {
        width >= textWidth && height >= textHeight
    }

    /// The code as lines of half blocks (`█ ▀ ▄` and spaces), quiet zone included; every line
    /// has `textWidth` characters, one display column each.
    public func halfBlockLines(palette: QRPalette = .lightOnDark) -> [String] {
        let q = QRMatrix.quietZone
        let side = sideWithQuietZone
        // Whether the module at (r, c) of the drawing (quiet zone included) is filled; rows past
        // the bottom edge (when the side is odd) are never filled.
        func filled(_ r: Int, _ c: Int) -> Bool {
            guard r < side else { return false }
            let dark = self[r - q, c - q]
            return palette == .lightOnDark ? !dark : dark
        }
        var lines: [String] = []
        lines.reserveCapacity(textHeight)
        var r = 0
        while r < side {
            var line = ""
            line.unicodeScalars.reserveCapacity(side)
            for c in 0..<side {
                switch (filled(r, c), filled(r + 1, c)) {
                case (true, true): line.unicodeScalars.append("\u{2588}")   // █
                case (true, false): line.unicodeScalars.append("\u{2580}")  // ▀
                case (false, true): line.unicodeScalars.append("\u{2584}")  // ▄
                case (false, false): line.unicodeScalars.append(" ")
                }
            }
            lines.append(line)
            r += 2
        }
        return lines
    }

    /// The half-block drawing, or nil when it does not fit in `width` × `height`.
    public func halfBlockLines(palette: QRPalette = .lightOnDark, fittingWidth width: Int, height: Int) -> [String]? {
        fits(width: width, height: height) ? halfBlockLines(palette: palette) : nil
    }

    /// Reads a half-block drawing back into the modules it shows, quiet zone included (row-major,
    /// `true` is dark, `side` × `side`). Nil when a character is not a half block or a space, or
    /// lines differ in length. Tests use it to check a drawing against its matrix.
    public static func modules(fromHalfBlockLines lines: [String], palette: QRPalette = .lightOnDark) -> (side: Int, dark: [Bool])? {
        guard let first = lines.first else { return nil }
        let side = first.unicodeScalars.count
        guard side > 0, lines.count == (side + 1) / 2 else { return nil }
        var dark = [Bool](repeating: false, count: side * side)
        for (i, line) in lines.enumerated() {
            let scalars = Array(line.unicodeScalars)
            guard scalars.count == side else { return nil }
            for (c, s) in scalars.enumerated() {
                let top: Bool, bottom: Bool
                switch s {
                case "\u{2588}": (top, bottom) = (true, true)
                case "\u{2580}": (top, bottom) = (true, false)
                case "\u{2584}": (top, bottom) = (false, true)
                case " ": (top, bottom) = (false, false)
                default: return nil
                }
                for (r, f) in [(2 * i, top), (2 * i + 1, bottom)] where r < side {
                    dark[r * side + c] = palette == .lightOnDark ? !f : f
                }
            }
        }
        return (side, dark)
    }

    /// A binary PGM image (`P5`): `pixelsPerModule` pixels per module, the 4-module quiet zone
    /// included, dark modules black (0) and light ones white (255). For decoding tests and for
    /// printing.
    public func pgm(pixelsPerModule: Int = 4) -> [UInt8] {
        QRMatrix.pgm(side: sideWithQuietZone, pixelsPerModule: pixelsPerModule) { r, c in
            self[r - QRMatrix.quietZone, c - QRMatrix.quietZone]
        }
    }

    /// A binary PGM of any square of modules (`dark(row, column)`), with no extra margin.
    public static func pgm(side: Int, pixelsPerModule: Int, dark: (Int, Int) -> Bool) -> [UInt8] {
        let p = max(1, pixelsPerModule)
        let pixels = side * p
        var image = Array("P5\n\(pixels) \(pixels)\n255\n".utf8)
        image.reserveCapacity(image.count + pixels * pixels)
        for r in 0..<side {
            var row: [UInt8] = []
            row.reserveCapacity(pixels)
            for c in 0..<side {
                let v: UInt8 = dark(r, c) ? 0 : 255
                row.append(contentsOf: repeatElement(v, count: p))
            }
            for _ in 0..<p { image.append(contentsOf: row) }
        }
        return image
    }
}
