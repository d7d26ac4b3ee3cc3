import Questionnaire

/// The judge of the advisor's PIN, as pure logic: a PIN in, a verdict out. Time is passed in
/// (`now`, seconds on a monotonic clock), and the check of a PIN is a function passed in, so tests
/// need neither a clock nor scrypt. What is typed, and its mask, belong to the questionnaire's PIN
/// prompt (`Overlay.pin`); this type keeps only the count of wrong PINs and the lockout.
///
/// Wrong PINs: the first `policy.freeAttempts` in a row only say "wrong"; the next one locks the
/// prompt for `policy.firstLockoutSeconds`; every wrong PIN after a lockout locks it again for
/// twice as long, up to `policy.maxLockoutSeconds`. The right PIN clears the count. While locked,
/// nothing is checked.
///
/// Keep one gate for the life of the kiosk process (not one per prompt): closing and reopening
/// the prompt must not reset the count.
public struct PinGate: Sendable {
    public struct Policy: Sendable, Hashable {
        public var freeAttempts: Int
        public var firstLockoutSeconds: Double
        public var maxLockoutSeconds: Double

        public init(freeAttempts: Int = 3, firstLockoutSeconds: Double = 30, maxLockoutSeconds: Double = 900) {
            self.freeAttempts = freeAttempts
            self.firstLockoutSeconds = firstLockoutSeconds
            self.maxLockoutSeconds = maxLockoutSeconds
        }
    }

    public let policy: Policy
    /// Wrong PINs since the last right one.
    public private(set) var consecutiveFailures = 0
    /// How many times the prompt has been locked since the last right PIN.
    public private(set) var lockouts = 0
    /// Until when (monotonic seconds) the prompt is locked; nil when it is not.
    public private(set) var lockedUntil: Double?

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Whole seconds the prompt stays locked (rounded up), or nil when it is open.
    public func lockedSecondsLeft(now: Double) -> Int? {
        guard let until = lockedUntil, now < until else { return nil }
        return Int((until - now).rounded(.up))
    }

    /// Judges a PIN: accepted, wrong (with the attempts left before the prompt locks), or
    /// locked (with the seconds left; the PIN was not checked).
    public mutating func check(_ pin: String, now: Double, verify: (String) -> Bool) -> PinCheck {
        if let until = lockedUntil, now >= until { lockedUntil = nil }
        if let left = lockedSecondsLeft(now: now) { return .locked(secondsLeft: left) }
        if verify(pin) {
            consecutiveFailures = 0
            lockouts = 0
            lockedUntil = nil
            return .accepted
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
        return .wrong(attemptsLeft: max(0, policy.freeAttempts - consecutiveFailures))
    }
}
