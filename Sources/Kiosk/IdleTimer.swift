#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Questionnaire

/// When an unattended kiosk gives up on a visitor: pure logic, time passed in.
///
/// The welcome screen never times out (it shows nothing of anyone). On the questions (and the
/// review and contact form) the kiosk resets after `questionSeconds` without a key, on the
/// results after `resultsSeconds`. In the last `countdownSeconds` a countdown is shown; any key
/// is activity and cancels it.
public struct IdleTimer: Sendable, Hashable {
    public struct Settings: Sendable, Hashable {
        public var questionSeconds: Int
        public var resultsSeconds: Int
        public var countdownSeconds: Int
        /// The advisor's PIN prompt: closes after this long without a key, whatever the visitors'
        /// times are (a kiosk set to 2 s for a test must not close the prompt while typing).
        public var pinPromptSeconds: Int

        public init(questionSeconds: Int = 90, resultsSeconds: Int = 180, countdownSeconds: Int = 15,
                    pinPromptSeconds: Int = 60) {
            self.questionSeconds = questionSeconds
            self.resultsSeconds = resultsSeconds
            self.countdownSeconds = countdownSeconds
            self.pinPromptSeconds = pinPromptSeconds
        }
    }

    /// The timer's own view of a screen: besides what the front shows (`IdleSignal`), whether
    /// a timeout applies at all (`off`) and the seconds left while it counts quietly (`running`),
    /// which the event loop needs to know how long it may wait for a key.
    public enum State: Sendable, Hashable {
        /// No timeout on this screen.
        case off
        /// Counting quietly; this many whole seconds until the reset.
        case running(secondsLeft: Int)
        /// Show "the screen resets in N s, press any key to continue".
        case countdown(secondsLeft: Int)
        /// Time is up: record the session as timed out and reset the kiosk.
        case expired
    }

    public var settings: Settings
    /// The last key (monotonic seconds).
    public private(set) var lastActivity: Double

    public init(settings: Settings = Settings(), now: Double) {
        self.settings = settings
        self.lastActivity = now
    }

    /// A key was pressed (or the screen changed): start counting again.
    public mutating func activity(at now: Double) {
        lastActivity = now
    }

    public func limit(for screen: IdleScreen) -> Int? {
        switch screen {
        case .welcome: return nil
        case .questions: return settings.questionSeconds
        case .results: return settings.resultsSeconds
        case .pinPrompt: return settings.pinPromptSeconds
        }
    }

    public func state(screen: IdleScreen, now: Double) -> State {
        guard let limit = limit(for: screen) else { return .off }
        let left = Double(limit) - (now - lastActivity)
        if left <= 0 { return .expired }
        let whole = Int(left.rounded(.up))
        if screen == .pinPrompt { return .running(secondsLeft: whole) }
        return whole <= settings.countdownSeconds ? .countdown(secondsLeft: whole) : .running(secondsLeft: whole)
    }

    /// Seconds from `now` until the state next changes (the countdown appears, its number goes
    /// down, or time runs out); nil when nothing will change without a key. Use it as the input
    /// timeout of the event loop (`timeout(ms)` in ncurses), so the countdown ticks while no key
    /// is pressed.
    public func secondsUntilNextChange(screen: IdleScreen, now: Double) -> Double? {
        guard let limit = limit(for: screen) else { return nil }
        let left = Double(limit) - (now - lastActivity)
        if left <= 0 { return 0 }
        if screen == .pinPrompt { return left }
        let countdownStart = left - Double(settings.countdownSeconds)
        if countdownStart > 0 { return countdownStart }
        // Inside the countdown: the next whole second.
        let fraction = left - left.rounded(.down)
        return fraction > 0 ? fraction : 1
    }
}

/// The advisor's key chord: the same key (`KioskChord.key`, Ctrl-X) pressed `presses` times
/// within `withinSeconds`. Other keys in between start over. Visitors do not hit it by accident,
/// and when they do, the PIN prompt still stands in the way (and times out back to the visitor
/// screen).
public struct KioskChord: Sendable, Hashable {
    /// Ctrl-X (0x18) as a raw-mode terminal delivers it.
    public static let key: UInt32 = 0x18
    public static let keyName = "Ctrl-X"

    public var presses: Int
    public var withinSeconds: Double
    private var times: [Double] = []

    public init(presses: Int = 3, withinSeconds: Double = 3) {
        self.presses = presses
        self.withinSeconds = withinSeconds
    }

    /// Feeds one key; true when it completes the chord (then it starts over).
    public mutating func feed(isChordKey: Bool, now: Double) -> Bool {
        guard isChordKey else { times.removeAll(); return false }
        times.append(now)
        times.removeAll { now - $0 > withinSeconds }
        if times.count >= presses {
            times.removeAll()
            return true
        }
        return false
    }

    /// Feeds a key code (a Unicode scalar value or a curses key code).
    public mutating func feed(keyCode: UInt32, now: Double) -> Bool {
        feed(isChordKey: keyCode == KioskChord.key, now: now)
    }
}

/// Seconds on the monotonic clock (not changed by setting the time of day): the `now` to pass to
/// `IdleTimer`, `PinGate` and `KioskChord`.
public enum MonotonicClock {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
