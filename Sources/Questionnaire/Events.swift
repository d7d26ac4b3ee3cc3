import RouteCatalog

/// A key as the questionnaire understands it, independent of the terminal that produced it.
public enum Key: Sendable, Hashable {
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, tab, backTab, escape, backspace, delete, space
    /// Ctrl-C: asks to quit, like `q` outside a text field.
    case interrupt
    /// Ctrl-U: empties the text field, as in a shell.
    case clearLine
    case char(Character)
}

/// Everything that can happen to a questionnaire.
public enum Event: Sendable, Hashable {
    case key(Key)
    /// A mouse click on item `index` of the current screen's list (options, review rows, routes,
    /// contact fields). A click focuses and picks, like Space; a click on a button presses it.
    case click(index: Int)
    /// The terminal now shows `rows` lines of the current scrollable list or text, and the text
    /// can scroll at most `maxScroll` lines. Sent by the front after each layout.
    case viewport(rows: Int, maxScroll: Int)
    /// The effect `.record` / `.saveContact` finished; `nil` means it worked, else a message
    /// for the visitor.
    case recorded(error: String?, sessionCode: String? = nil)
    /// The process is told to stop (SIGTERM, SIGHUP: the SSH connection dropped).
    case stop
    /// Kiosk: the idle timer's state for the current screen (sent by the front).
    case idle(IdleSignal)
    /// Kiosk: the advisor's key chord was pressed: ask for the PIN.
    case advisorChord
    /// Kiosk: the PIN check finished.
    case pinChecked(PinCheck)
    /// Kiosk: while the PIN prompt is locked, the seconds left (nil: no longer locked); the
    /// front sends it as the seconds go by, so the message counts down.
    case pinLockTick(secondsLeft: Int?)
    /// A moment passed without a key: digits typed after it start a new option number (digits
    /// typed in quick succession pick option 10 and up). Sent by the front.
    case typingPause
}

/// The outcome of an advisor's PIN.
public enum PinCheck: Sendable, Hashable {
    case accepted
    /// Wrong; this many more wrong ones before the prompt locks.
    case wrong(attemptsLeft: Int)
    /// Too many wrong ones: the prompt is locked for this many seconds (the PIN was not checked).
    case locked(secondsLeft: Int)
}

/// What the kiosk's idle timer says about the current screen.
public enum IdleSignal: Sendable, Hashable {
    /// Nothing to show.
    case quiet
    /// Show "starting again in N s".
    case countdown(seconds: Int)
    /// Time is up: record the session as timed out and start again.
    case expired
}

/// A session record the front should write: the state machine itself does no I/O.
public struct SessionRecord: Sendable, Hashable {
    public var outcome: SessionOutcome
    public var answers: Answers
    public var language: Language
    /// Contact details when the visitor opted in (only with `outcome == .completed`).
    public var contact: ContactDetails?
}

/// Contact details given with explicit consent.
public struct ContactDetails: Sendable, Hashable {
    public var name: String
    public var email: String
    /// The version of the consent text the visitor agreed to.
    public var consentVersion: String
}

/// What the front must do after an event.
public enum Effect: Sendable, Hashable {
    /// Write the session (and contact, if any) and answer with `.recorded(error:)`.
    case record(SessionRecord)
    /// Leave the program.
    case quit
    /// Kiosk: check this PIN and answer with `.pinChecked(_:)`.
    case checkPin(String)
    /// Kiosk: write the session of the visitor who left (no answer is expected: the state
    /// already belongs to the next visitor), then start a new session id.
    case recordPrevious(SessionRecord)
}
