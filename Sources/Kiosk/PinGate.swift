/// The advisor's PIN prompt as a pure state machine: keys in, outcome out. Time is passed in
/// (`now`, seconds on a monotonic clock), and the check of a PIN is a function passed in, so tests
/// need neither a clock nor scrypt.
///
/// Wrong PINs: the first `policy.freeAttempts` in a row only say "wrong"; the next one locks the
/// prompt for `policy.firstLockoutSeconds`; every wrong PIN after a lockout locks it again for
/// twice as long, up to `policy.maxLockoutSeconds`. The right PIN clears the count. While locked,
/// typed characters are dropped and nothing is checked.
///
/// Keep one gate for the life of the kiosk process (not one per prompt): closing and reopening
/// the prompt must not reset the count.
public struct PinGate: Sendable {
    public struct Policy: Sendable, Hashable {
        public var freeAttempts: Int
        public var firstLockoutSeconds: Double
        public var maxLockoutSeconds: Double
        /// Longer entries are cut (nobody types a 33-character PIN at an open day).
        public var maxLength: Int

        public init(freeAttempts: Int = 3, firstLockoutSeconds: Double = 30, maxLockoutSeconds: Double = 900, maxLength: Int = 32) {
            self.freeAttempts = freeAttempts
            self.firstLockoutSeconds = firstLockoutSeconds
            self.maxLockoutSeconds = maxLockoutSeconds
            self.maxLength = maxLength
        }
    }

    public enum Event: Sendable, Hashable {
        case character(Character)
        case backspace
        case submit
        case cancel
    }

    public enum Outcome: Sendable, Hashable {
        /// Still typing.
        case editing
        /// The right PIN: let the advisor in.
        case unlocked
        /// The advisor closed the prompt; back to the visitor screen.
        case cancelled
        /// A wrong PIN; this many more wrong ones before the prompt locks (0: the next locks).
        case wrong(attemptsBeforeLockout: Int)
        /// Locked: nothing is checked for this many more seconds (rounded up).
        case locked(secondsLeft: Int)
    }

    public let policy: Policy
    /// What has been typed (never shown: see `maskedEntry`).
    public private(set) var entry: String = ""
    /// Wrong PINs since the last right one.
    public private(set) var consecutiveFailures = 0
    /// How many times the prompt has been locked since the last right PIN.
    public private(set) var lockouts = 0
    /// Until when (monotonic seconds) the prompt is locked; nil when it is not.
    public private(set) var lockedUntil: Double?

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// One bullet per typed character (or `*` with `ascii`).
    public func maskedEntry(ascii: Bool = false) -> String {
        String(repeating: ascii ? "*" : "\u{2022}", count: entry.count)
    }

    /// Whole seconds the prompt stays locked (rounded up), or nil when it is open.
    public func lockedSecondsLeft(now: Double) -> Int? {
        guard let until = lockedUntil, now < until else { return nil }
        return Int((until - now).rounded(.up))
    }

    /// Clears what was typed; call when the prompt opens. The failure count stays.
    public mutating func open() {
        entry = ""
    }

    public mutating func handle(_ event: Event, now: Double, verify: (String) -> Bool) -> Outcome {
        if let until = lockedUntil, now >= until { lockedUntil = nil }
        switch event {
        case .cancel:
            entry = ""
            return .cancelled
        case .backspace:
            if !entry.isEmpty { entry.removeLast() }
            return lockedSecondsLeft(now: now).map { .locked(secondsLeft: $0) } ?? .editing
        case .character(let c):
            if let left = lockedSecondsLeft(now: now) { entry = ""; return .locked(secondsLeft: left) }
            if entry.count < policy.maxLength, !c.isNewline { entry.append(c) }
            return .editing
        case .submit:
            if let left = lockedSecondsLeft(now: now) { entry = ""; return .locked(secondsLeft: left) }
            let attempt = entry
            entry = ""
            if verify(attempt) {
                consecutiveFailures = 0
                lockouts = 0
                lockedUntil = nil
                return .unlocked
            }
            consecutiveFailures += 1
            if lockouts > 0 || consecutiveFailures > policy.freeAttempts {
                var seconds = policy.firstLockoutSeconds
                for _ in 0..<min(lockouts, 30) { seconds *= 2 }
                seconds = min(seconds, policy.maxLockoutSeconds)
                lockouts += 1
                lockedUntil = now + seconds
                return .locked(secondsLeft: Int(seconds.rounded(.up)))
            }
            return .wrong(attemptsBeforeLockout: policy.freeAttempts - consecutiveFailures)
        }
    }
}
