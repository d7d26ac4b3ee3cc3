import CNcursesw
import CTerminalSupport
import Questionnaire
import RouteCatalog
#if canImport(Glibc)
import Glibc
#endif

/// Why the full-screen front could not start (the caller then falls back to the plain mode).
public struct TerminalUnavailable: Error, CustomStringConvertible {
    public var description: String
}

/// The only place that calls ncurses. It draws a grid by writing only the rows that changed into
/// ncurses' virtual screen; ncurses then sends only the cells that differ (never `clear()`).
public final class NcursesBackend: TerminalBackend {
    public let unicode: Bool
    private let color: Bool
    private var previous: Grid?
    private var cursorVisible: Int32 = -1
    private var screen: OpaquePointer?
    private var ended = false
    private var instantFailures = 0
    private var wipePending = false
    private var codeIsBright = false

    static func milliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Opens the terminal. An unknown TERM does not end the program: it tries xterm-256color and
    /// vt100, and throws only when none works.
    /// `chainCrashes`: after restoring the terminal, hand a crash to the Swift runtime's
    /// backtracer (developers set SWIFT_BACKTRACE for that) instead of ending at once.
    /// `mouse`: take mouse clicks (a kiosk's touch screen). Elsewhere the terminal keeps the
    /// mouse, so text (the session code, a link) can be selected and copied.
    public init(color wantColor: Bool, mouse: Bool = false, chainCrashes: Bool = false) throws {
        unicode = rw_ts_locale_is_utf8() != 0
        guard rw_ts_isatty(0) != 0, rw_ts_isatty(1) != 0 else {
            throw TerminalUnavailable(description: Language.en[.terminalNotATerminal])
        }
        _ = rw_ts_save_modes(1)
        rw_ts_install_crash_handlers(chainCrashes ? 1 : 0)
        rw_ts_install_stop_handlers()
        var opened: OpaquePointer?
        let term = getenv("TERM").map { String(cString: $0) }
        for candidate in [term, "xterm-256color", "xterm", "vt100"] {
            guard let candidate, !candidate.isEmpty, candidate != "dumb" else { continue }
            opened = rw_newterm_std(candidate)
            if opened != nil {
                if candidate != term { setenv("TERM", candidate, 1) }
                break
            }
        }
        guard let opened else {
            throw TerminalUnavailable(description: Language.en[.terminalUnknownType, term ?? Language.en[.terminalTypeUnset]])
        }
        screen = opened
        if getenv("ESCDELAY") == nil { set_escdelay(25) }
        raw()
        noecho()
        _ = rw_keypad(1)
        _ = rw_scrollok(0)
        _ = rw_leaveok(0)
        if wantColor && has_colors() {
            start_color()
            use_default_colors()
            color = true
            _ = rw_init_pair(1, Int32(COLOR_CYAN), -1)   // title, accent
            _ = rw_init_pair(2, Int32(COLOR_GREEN), -1)  // ok, selected
            _ = rw_init_pair(3, Int32(COLOR_YELLOW), -1) // warn
            _ = rw_init_pair(4, Int32(COLOR_RED), -1)    // bad, error
            // QR codes: white on black whatever the terminal's own colours (the brightest
            // white and darkest black where 256 colours exist).
            codeIsBright = tigetnum("colors") >= 256
            _ = rw_init_pair(5, codeIsBright ? 231 : Int32(COLOR_WHITE), codeIsBright ? 16 : Int32(COLOR_BLACK))
        } else {
            color = false
        }
        if mouse {
            _ = rw_mouse_enable()
            mouseinterval(0)
        }
        setCursor(visible: false)
    }

    public var width: Int { Int(rw_cols()) }
    public var height: Int { Int(rw_lines()) }

    private func setCursor(visible: Bool) {
        let want: Int32 = visible ? 1 : 0
        if want != cursorVisible { curs_set(want); cursorVisible = want }
    }

    /// Attributes and colour pair of a style: colour adds meaning only where a marker (✓, ~, ✗,
    /// >, [x]) or bold/reverse already carries it, so monochrome loses nothing.
    private func attributes(_ style: Style) -> (UInt32, Int32) {
        var attrs = rw_a_normal()
        var pair: Int32 = 0
        if style.bold { attrs |= rw_a_bold() }
        if style.reverse { attrs |= rw_a_reverse() }
        if style.underline { attrs |= rw_a_underline() }
        switch style.role {
        case .normal: break
        case .title, .accent: if color { pair = 1 } else { attrs |= rw_a_bold() }
        case .ok, .selected: if color { pair = 2 }
        case .warn: if color { pair = 3 }
        case .bad: if color { pair = 4 }
        case .error: if color { pair = 4 }; attrs |= rw_a_bold()
        case .muted: if color { attrs |= rw_a_dim() }
        case .focus, .keys: attrs |= rw_a_reverse()
        case .code:
            // Without colour the terminal's own colours are used (the code is drawn for light
            // text on a dark background); never reversed, which would invert the code.
            attrs = rw_a_normal()
            if color { pair = 5; if !codeIsBright { attrs |= rw_a_bold() } }
        }
        return (attrs, pair)
    }

    public func wipe() {
        wipePending = true
        previous = nil
    }

    public func draw(_ grid: Grid) {
        // A wipe clears ncurses' idea of the screen, so the refresh below clears the terminal
        // and draws every cell anew.
        if wipePending { _ = wclear(rw_stdscr()) }
        let sameSize = previous.map { $0.width == grid.width && $0.height == grid.height } ?? false
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(grid.width * 2)
        for row in 0..<grid.height {
            if sameSize, let previous, rowEqual(previous, grid, row) { continue }
            var column = 0
            while column < grid.width {
                let style = grid[row, column].style
                let start = column
                buffer.removeAll(keepingCapacity: true)
                while column < grid.width, grid[row, column].style == style {
                    let cell = grid[row, column]
                    if !cell.isContinuation {
                        for scalar in cell.text.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
                    }
                    column += 1
                }
                let (attrs, pair) = attributes(style)
                let count = Int32(buffer.count)
                buffer.append(0)
                _ = buffer.withUnsafeBufferPointer { p in
                    rw_put_run(Int32(row), Int32(start), p.baseAddress, count, attrs, pair)
                }
            }
        }
        if let cursor = grid.cursor {
            setCursor(visible: true)
            _ = rw_move(Int32(cursor.row), Int32(cursor.column))
        } else {
            setCursor(visible: false)
            let row = min(max(0, grid.restingRow ?? grid.height - 1), max(0, grid.height - 1))
            _ = rw_move(Int32(row), Int32(grid.restingRow == nil ? 0 : min(grid.restingColumn, max(0, grid.width - 1))))
        }
        _ = rw_noutrefresh()
        doupdate()
        previous = grid
        if wipePending {
            // Erase the saved lines too (xterm's ED 3): nothing of the previous screen stays
            // in the terminal's scrollback. ncurses has flushed its output by now.
            wipePending = false
            let eraseSavedLines: [UInt8] = [0x1B, 0x5B, 0x33, 0x4A]
            _ = eraseSavedLines.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
        }
    }

    private func rowEqual(_ a: Grid, _ b: Grid, _ row: Int) -> Bool {
        for c in 0..<a.width where a[row, c] != b[row, c] { return false }
        return true
    }

    public func nextInput(timeoutMs: Int) -> Input? {
        _ = rw_timeout(Int32(timeoutMs))
        var ch: UInt32 = 0
        let started = Self.milliseconds()
        let r = rw_get_wch(&ch)
        if r == rw_err() {
            // A closed terminal makes every read fail at once: after many instant failures,
            // treat the input as gone instead of spinning.
            if timeoutMs > 0, Self.milliseconds() - started < Int64(timeoutMs / 4) {
                instantFailures += 1
                if instantFailures > 50 { return .end }
            } else {
                instantFailures = 0
            }
            return nil
        }
        instantFailures = 0
        if r == rw_key_code_yes() {
            let code = Int32(bitPattern: ch)
            switch code {
            case rw_key_up(): return .key(.up)
            case rw_key_down(): return .key(.down)
            case rw_key_left(): return .key(.left)
            case rw_key_right(): return .key(.right)
            case rw_key_home(): return .key(.home)
            case rw_key_end(): return .key(.end)
            case rw_key_ppage(): return .key(.pageUp)
            case rw_key_npage(): return .key(.pageDown)
            case rw_key_enter(): return .key(.enter)
            case rw_key_backspace(): return .key(.backspace)
            case rw_key_dc(): return .key(.delete)
            case rw_key_btab(): return .key(.backTab)
            case rw_key_resize():
                previous = nil
                return .resize
            case rw_key_mouse():
                var y: Int32 = 0, x: Int32 = 0
                if rw_mouse_click(&y, &x) != 0 { return .click(row: Int(y), column: Int(x)) }
                return nil
            case rw_key_f(1): return .help
            default: return nil
            }
        }
        switch ch {
        case 3: return .key(.interrupt)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 21: return .key(.clearLine)   // Ctrl-U
        case 32: return .key(.space)
        case 0..<32: return .control(ch)
        default:
            guard let scalar = Unicode.Scalar(ch) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    public func discardPendingInput() { flushinp() }

    public func shutdown() {
        guard !ended else { return }
        ended = true
        setCursor(visible: true)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
        // Everything ncurses buffered (leaving the alternate screen) is out before anything
        // else is written to the terminal.
        rw_flush_stdout()
    }
}
