import Questionnaire
/// What a running kiosk decides between keys: the idle timer, the advisor's chord and the PIN
/// check with its lockout, over one clock. The terminal front asks it (through the hooks the
/// `routewijzer kiosk` command builds from it) and draws; this type draws nothing.
///
/// One controller lives as long as the kiosk process, so the wrong-PIN count and a lockout
/// survive closing and reopening the prompt.
public final class KioskController {
    public private(set) var timer: IdleTimer
    public private(set) var gate: PinGate
    private var chord: KioskChord
    private let verify: (String) -> Bool
    private let clock: () -> Double

    /// `verify` checks a PIN (normally `PinHash.verify`); `clock` gives monotonic seconds.
    public init(settings: IdleTimer.Settings, policy: PinGate.Policy = PinGate.Policy(),
                chord: KioskChord = KioskChord(), verify: @escaping (String) -> Bool,
                clock: @escaping () -> Double = MonotonicClock.now) {
        self.clock = clock
        self.timer = IdleTimer(settings: settings, now: clock())
        self.gate = PinGate(policy: policy)
        self.chord = chord
        self.verify = verify
    }

    /// A controller for a config: its idle times, and its PIN hash as the check.
    public convenience init(config: KioskConfig, clock: @escaping () -> Double = MonotonicClock.now) {
        let pin = config.pin
        self.init(settings: config.idleSettings, verify: { pin?.verify($0) ?? false }, clock: clock)
    }

    /// A key was pressed, or the screen changed without one (a reset): count from now.
    public func activity() {
        timer.activity(at: clock())
    }

    /// The idle state of a screen now, and the seconds until it next changes (nil: never
    /// without a key). On `expired` the count starts again, so it is reported once.
    public func idle(_ screen: IdleScreen) -> (signal: IdleSignal, nextChange: Double?) {
        let now = clock()
        let next = timer.secondsUntilNextChange(screen: screen, now: now)
        switch timer.state(screen: screen, now: now) {
        case .off, .running: return (.quiet, next)
        case .countdown(let n): return (.countdown(seconds: n), next)
        case .expired:
            timer.activity(at: now)
            return (.expired, nil)
        }
    }

    /// Feeds a key code (a control character's value, 0 for other keys); true when it
    /// completes the advisor's chord.
    public func advisorChord(_ code: UInt32) -> Bool {
        chord.feed(keyCode: code, now: clock())
    }

    /// Checks a PIN through the gate: wrong PINs count, repeated ones lock the prompt (and while
    /// locked, not even the right PIN is checked). What was typed is the questionnaire's
    /// (`Overlay.pin`); the gate only judges it.
    public func checkPin(_ pin: String) -> PinCheck {
        gate.check(pin, now: clock(), verify: verify)
    }

    /// The seconds the PIN prompt stays locked; nil when it is not locked.
    public func pinLockSecondsLeft() -> Int? {
        gate.lockedSecondsLeft(now: clock())
    }
}
