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
///
/// Both fronts speak in what the visitor means (`choose`, `answer`, `skip`, `next`, `back`,
/// `change`, `contactChoice`, `contact`); keys and clicks are the full-screen front's way of
/// saying the same things, mapped to those meanings here in the state machine, so a key and the
/// plain mode's typed line cannot do different things.
public enum Event: Sendable, Hashable {
    /// Welcome screen: the language to go on in.
    case choose(Language)
    /// The answer to the current question, whole: one option, the set of ticked options,
    /// yes/no, a number. Checked like a typed one (a number out of range gives a notice and
    /// records nothing); ignored when `question` is not the current one.
    case answer(question: String, AnswerValue)
    /// "Weet ik niet / sla over" on the current question (optional questions only).
    case skip(question: String)
    /// Go on: the next question once this one is answered, the results from the review, the
    /// contact step from the results, finish.
    case next
    /// One step back, never losing an answer.
    case back
    /// Review: change the answer to this question (then back to the review).
    case change(question: String)
    /// Results: back to the review of the answers.
    case changeAnswers
    /// The contact step: leave details (`true`: the form) or finish without (`false`).
    case contactChoice(Bool)
    /// The contact form filled in and sent, with the visitor's own confirmation of age and
    /// consent; checked like the form (`ContactRules`), with a notice for what is wrong.
    case contact(name: String, email: String, age16: Bool, consent: Bool)
    case key(Key)
    /// A mouse click on item `index` of the current screen's list (options, review rows, routes,
    /// contact fields). A click focuses and picks, like Space; a click on a button presses it.
    case click(index: Int)
    /// The terminal now shows `rows` lines of the current scrollable list or text, and the text
    /// can scroll at most `maxScroll` lines. Sent by the front after each layout.
    case viewport(rows: Int, maxScroll: Int)
    /// The effect `.record` finished; `nil` means it worked, else why not.
    case recorded(error: SaveFailure?, sessionCode: String? = nil)
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

/// Which kind of screen the visitor is on, as far as the kiosk's idle timer is concerned.
public enum IdleScreen: Sendable, Hashable {
    /// The welcome screen: no timeout.
    case welcome
    /// Questions, review, contact consent and form: the question time.
    case questions
    /// Results, a route's details, the closing screen: the results time.
    case results
    /// The advisor's PIN prompt: a time of its own, no countdown.
    case pinPrompt
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
