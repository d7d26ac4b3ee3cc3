import Questionnaire

/// What a terminal delivers to the questionnaire loop.
public enum Input: Sendable, Hashable {
    case key(Key)
    case help
    case resize
    case click(row: Int, column: Int)
    /// Another control character (Ctrl-X is the kiosk's advisor chord).
    case control(UInt32)
    /// The input is gone (EOF, hang-up).
    case end
}

/// Draws grids and reads input. `NcursesBackend` talks to a terminal; `TestBackend` keeps the
/// grid for tests. No other type calls ncurses.
public protocol TerminalBackend: AnyObject {
    var width: Int { get }
    var height: Int { get }
    /// Whether the terminal can show UTF-8 (else grids are rendered in ASCII).
    var unicode: Bool { get }
    func draw(_ grid: Grid)
    /// The next input, or nil when `timeoutMs` passed without any.
    func nextInput(timeoutMs: Int) -> Input?
    /// Leaves full-screen mode and gives the terminal back as it was.
    func shutdown()
    /// Kiosk: the next draw starts from a cleared terminal, and nothing drawn before stays in
    /// its scrollback (the previous visitor's answers).
    func wipe()
    /// Throws away input that has arrived but not been read (a flood of keys).
    func discardPendingInput()
}

extension TerminalBackend {
    public func wipe() {}
    public func discardPendingInput() {}
}

/// A backend that keeps the last grid and replays queued input: for tests.
public final class TestBackend: TerminalBackend {
    public private(set) var width: Int
    public private(set) var height: Int
    public let unicode: Bool
    public private(set) var lastGrid: Grid?
    public private(set) var drawCount = 0
    public var queue: [Input]
    public private(set) var isShutDown = false
    public private(set) var wipeCount = 0

    public init(width: Int, height: Int, unicode: Bool = true, input: [Input] = []) {
        self.width = width; self.height = height; self.unicode = unicode; self.queue = input
    }

    /// Changes the size; the next input is a resize, like KEY_RESIZE.
    public func resize(width: Int, height: Int) {
        self.width = width; self.height = height
        queue.insert(.resize, at: 0)
    }

    public func draw(_ grid: Grid) { lastGrid = grid; drawCount += 1 }
    public func nextInput(timeoutMs: Int) -> Input? { queue.isEmpty ? .end : queue.removeFirst() }
    public private(set) var discarded = 0
    public func discardPendingInput() { discarded += queue.count; queue.removeAll() }
    public func shutdown() { isShutDown = true }
    public func wipe() { wipeCount += 1 }
}
