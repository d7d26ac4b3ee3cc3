import CTerminalSupport
import Matching
import Questionnaire

/// What an unattended kiosk adds to the full-screen front. The Kiosk module provides these (its
/// `IdleTimer`, `KioskChord` and `PinGate`); the front only asks.
public struct KioskHooks {
    /// A key was pressed or the screen changed: start counting again.
    public var activity: () -> Void
    /// The idle state of this screen now, and the seconds until it next changes (nil: never
    /// without a key). The loop waits at most that long for a key.
    public var idle: (IdleScreen) -> (signal: IdleSignal, nextChange: Double?)
    /// Feeds every key as a code (a control character's value, 0 for other keys); true when the
    /// advisor's chord is complete.
    public var advisorChord: (UInt32) -> Bool
    /// Checks a PIN.
    public var checkPin: (String) -> PinCheck
    /// While the PIN prompt is locked, the seconds left; nil when it is not.
    public var pinLock: () -> Int?

    public init(activity: @escaping () -> Void,
                idle: @escaping (IdleScreen) -> (signal: IdleSignal, nextChange: Double?),
                advisorChord: @escaping (UInt32) -> Bool,
                checkPin: @escaping (String) -> PinCheck,
                pinLock: @escaping () -> Int? = { nil }) {
        self.activity = activity
        self.idle = idle
        self.advisorChord = advisorChord
        self.checkPin = checkPin
        self.pinLock = pinLock
    }
}

/// The full-screen loop: render the state, draw, read a key, let the state machine decide,
/// carry out its effects. Returns the stop signal that ended it (0 for a normal quit).
public struct FullScreenApp {
    public var state: QuestionnaireState
    public let backend: any TerminalBackend
    public let recorder: any SessionRecorder
    public var crashAfterFirstScreen = false
    public var pendingSignal: () -> Int32 = { rw_ts_pending_signal() }
    public var asciiOverride: Bool?
    public var kiosk: KioskHooks?
    /// When the last key came (milliseconds, monotonic).
    var lastKey: Int64 = 0
    /// The last results shown and the session code given, for the summary left in the terminal.
    public private(set) var lastResults: MatchResult?
    public private(set) var lastSessionCode: String?

    public init(state: QuestionnaireState, backend: any TerminalBackend, recorder: any SessionRecorder) {
        self.state = state
        self.backend = backend
        self.recorder = recorder
    }

    /// The grid for the current state at the backend's size (also tells the state its viewport).
    public mutating func renderNow() -> Rendered {
        let options = RenderOptions(ascii: asciiOverride ?? !backend.unicode)
        var rendered = render(state, width: backend.width, height: backend.height, options: options)
        if rendered.listRows != state.viewportRows || rendered.maxScroll != state.maxScroll {
            state.handle(.viewport(rows: rendered.listRows, maxScroll: rendered.maxScroll))
            rendered = render(state, width: backend.width, height: backend.height, options: options)
        }
        return rendered
    }

    public mutating func run() -> Int32 {
        var needsDraw = true
        var rendered = renderNow()
        var wasOnWelcome = true
        while true {
            let signal = pendingSignal()
            if signal != 0 {
                perform(state.handle(.stop))
                return signal
            }
            if needsDraw {
                if let results = state.results { lastResults = results }
                if let code = state.sessionCode { lastSessionCode = code }
                rendered = renderNow()
                backend.draw(rendered.grid)
                needsDraw = false
            }
            var timeout = 250
            if let kiosk {
                recorder.tick()
                let (signal, next) = kiosk.idle(state.idleScreen)
                let before = state.overlay
                let effects = state.handle(.idle(signal))
                if state.overlay != before || state.screen == .welcome && !wasOnWelcome { needsDraw = true }
                if !effects.isEmpty || (state.screen == .welcome && !wasOnWelcome) {
                    needsDraw = true
                    if state.screen == .welcome { backend.wipe() }
                    if perform(effects) { return 0 }
                    kiosk.activity()
                    recorder.startSession()
                    wasOnWelcome = state.screen == .welcome
                    continue
                }
                if let next { timeout = max(20, min(timeout, Int(next * 1000) + 5)) }
                // A locked PIN prompt counts down its seconds.
                if case .pinLocked? = state.notice {
                    let before = state.notice
                    state.handle(.pinLockTick(secondsLeft: kiosk.pinLock()))
                    if state.notice != before { needsDraw = true }
                    timeout = min(timeout, 200)
                }
                if needsDraw { continue }
            }
            guard let first = backend.nextInput(timeoutMs: timeout) else { continue }
            if crashAfterFirstScreen { rw_ts_crash_for_test() }
            needsDraw = true
            // Input that is already waiting (typing ahead, a paste, a flood of keys) is handled
            // in one go and drawn once; beyond `maximumBurst` keys in one go the rest is thrown
            // away. A megabyte pasted into the kiosk then costs a moment, not minutes.
            var burst = [first]
            var endsAfterBurst = false
            while first != .end, burst.count < FullScreenApp.maximumBurst, let more = backend.nextInput(timeoutMs: 0) {
                if more == .end { endsAfterBurst = true; break }
                burst.append(more)
            }
            if burst.count == FullScreenApp.maximumBurst {
                // A flood (a paste, a key held down): the rest is thrown away as it arrives,
                // until the input has been quiet for a moment, without handling it key by key.
                while true {
                    backend.discardPendingInput()
                    guard let more = backend.nextInput(timeoutMs: 50) else { break }
                    if more == .end { endsAfterBurst = true; break }
                }
            }
            for input in burst {
                if handle(input, rendered) { return 0 }
                // Back on the welcome screen: the next visitor gets a new session.
                let onWelcome = state.screen == .welcome
                if onWelcome && !wasOnWelcome {
                    recorder.startSession()
                    if kiosk != nil { backend.wipe() }
                }
                wasOnWelcome = onWelcome
            }
            if endsAfterBurst {
                rendered = renderNow()
                backend.draw(rendered.grid)
                if handle(.end, rendered) { return 0 }
            }
        }
    }

    /// The most keys handled between two draws; see `run`.
    public static let maximumBurst = 4096

    /// Handles one input; returns true when the program should end.
    mutating func handle(_ input: Input, _ rendered: Rendered) -> Bool {
        // Digits typed more than a second apart start a new option number.
        let now = NcursesBackend.milliseconds()
        if case .key(.char(let c)) = input, c.isNumber, now - lastKey > 1000 { state.handle(.typingPause) }
        lastKey = now
        if let kiosk {
            kiosk.activity()
            var code: UInt32 = 0
            if case .control(let c) = input { code = c }
            if kiosk.advisorChord(code) {
                state.handle(.advisorChord)
                return false
            }
        }
        var effects: [Effect] = []
        switch input {
        case .control: break
        case .key(let key): effects = state.handle(.key(key))
        case .help: effects = state.handle(.key(.char("?")))
        case .resize: break
        case .click(let row, _):
            if let index = rendered.hits[row] { effects = state.handle(.click(index: index)) }
        case .end:
            perform(state.handle(.stop))
            return true
        }
        return perform(effects)
    }

    /// Carries out effects (`QuestionnaireState.perform`); returns true when the program should end.
    @discardableResult
    mutating func perform(_ effects: [Effect]) -> Bool {
        let kiosk = kiosk
        return state.perform(effects, recorder: recorder, checkPin: { kiosk?.checkPin($0) ?? .wrong(attemptsLeft: 0) })
    }
}
