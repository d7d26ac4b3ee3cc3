/// The kiosk's own decisions around a visitor's questionnaire, as one pure state machine: the
/// advisor's chord, the PIN prompt, the idle reset. The terminal loop feeds it every key and
/// every poll timeout, and does what it answers; it draws nothing and reads no clock itself.
///
/// ```
/// loop:
///   input = backend.nextInput(timeoutMs: supervisor.pollMilliseconds(screen:now:))
///   if input is a key:
///       switch supervisor.key(pinEvent, isChordKey: key == Ctrl-X, screen:, now:, verify: pin.verify)
///       .forward            -> give the key to the questionnaire
///       .openPinPrompt      -> draw the PIN prompt over the screen
///       .prompt(outcome)    -> redraw the prompt (masked entry, "wrong", "locked for N s")
///       .closePinPrompt     -> back to the visitor's screen
///       .unlocked           -> the advisor is in: end the kiosk (exit 0)
///   switch supervisor.tick(screen:, now:)
///       .countdown(n)       -> show "resets in n s, press any key"
///       .timedOut           -> record the session as timed out, wipe, welcome screen
///       .closePinPrompt     -> the prompt was left alone: back to the visitor's screen
///       .none               -> nothing (hide a countdown if one was shown)
/// ```
public struct KioskSupervisor: Sendable {
    public enum Mode: Sendable, Hashable {
        case visitor
        case pinPrompt
    }

    public enum Decision: Sendable, Hashable {
        /// A visitor's key: hand it to the questionnaire.
        case forward
        /// The chord is complete: show the PIN prompt (keys now go to it).
        case openPinPrompt
        /// A key typed into the prompt, and what came of it.
        case prompt(PinGate.Outcome)
        /// The prompt was closed (Esc): back to the visitor's screen.
        case closePinPrompt
        /// The right PIN: the advisor may end the kiosk.
        case unlocked
    }

    public enum Tick: Sendable, Hashable {
        case none
        case countdown(secondsLeft: Int)
        /// Record the session as timed out and reset to the welcome screen.
        case timedOut
        /// The PIN prompt was left alone for `promptIdleSeconds`: close it.
        case closePinPrompt
    }

    public private(set) var mode: Mode = .visitor
    public private(set) var idle: IdleTimer
    public private(set) var gate: PinGate
    private var chord: KioskChord
    /// An open PIN prompt without keys for this long closes itself.
    public var promptIdleSeconds: Double

    public init(settings: IdleTimer.Settings, policy: PinGate.Policy = PinGate.Policy(),
                chord: KioskChord = KioskChord(), promptIdleSeconds: Double = 30, now: Double) {
        self.idle = IdleTimer(settings: settings, now: now)
        self.gate = PinGate(policy: policy)
        self.chord = chord
        self.promptIdleSeconds = promptIdleSeconds
    }

    /// A key. `pinEvent` is what the key means in the PIN prompt (a character, backspace,
    /// Enter = submit, Esc = cancel; nil for keys the prompt ignores).
    public mutating func key(_ pinEvent: PinGate.Event?, isChordKey: Bool, now: Double,
                             verify: (String) -> Bool) -> Decision {
        idle.activity(at: now)
        switch mode {
        case .visitor:
            if chord.feed(isChordKey: isChordKey, now: now) {
                mode = .pinPrompt
                gate.open()
                return .openPinPrompt
            }
            return .forward
        case .pinPrompt:
            guard let event = pinEvent else { return .prompt(.editing) }
            let outcome = gate.handle(event, now: now, verify: verify)
            switch outcome {
            case .cancelled:
                mode = .visitor
                return .closePinPrompt
            case .unlocked:
                mode = .visitor
                return .unlocked
            default:
                return .prompt(outcome)
            }
        }
    }

    /// What the passing of time asks for; call after every key and every poll timeout.
    public mutating func tick(screen: IdleTimer.ScreenKind, now: Double) -> Tick {
        switch mode {
        case .pinPrompt:
            guard now - idle.lastActivity >= promptIdleSeconds else { return .none }
            mode = .visitor
            gate.open()
            idle.activity(at: now)
            return .closePinPrompt
        case .visitor:
            switch idle.state(screen: screen, now: now) {
            case .countdown(let n): return .countdown(secondsLeft: n)
            case .expired:
                idle.activity(at: now)
                return .timedOut
            case .off, .running: return .none
            }
        }
    }

    /// The screen changed without a key (e.g. after a reset): count from now.
    public mutating func restartIdle(now: Double) {
        idle.activity(at: now)
    }

    /// How long the loop may wait for a key before it must call `tick` again: at most
    /// `maximum`, less when the countdown or the reset is due sooner.
    public func pollMilliseconds(screen: IdleTimer.ScreenKind, now: Double, maximum: Int = 250) -> Int {
        if mode == .pinPrompt {
            let left = promptIdleSeconds - (now - idle.lastActivity)
            return max(0, min(maximum, Int((left * 1000).rounded(.up))))
        }
        guard let s = idle.secondsUntilNextChange(screen: screen, now: now) else { return maximum }
        return max(0, min(maximum, Int((s * 1000).rounded(.up))))
    }
}
