import Kiosk
import Testing

/// A reference wrapper so `#expect` can call the mutating supervisor.
final class Supervised {
    var s: KioskSupervisor
    init(now: Double = 0) {
        s = KioskSupervisor(settings: IdleTimer.Settings(questionSeconds: 90, resultsSeconds: 180, countdownSeconds: 15),
                            policy: PinGate.Policy(freeAttempts: 3, firstLockoutSeconds: 30), now: now)
    }
    func key(_ e: PinGate.Event?, chord: Bool = false, at now: Double) -> KioskSupervisor.Decision {
        s.key(e, isChordKey: chord, now: now) { $0 == "4711" }
    }
    func ctrlX(at now: Double) -> KioskSupervisor.Decision { key(nil, chord: true, at: now) }
    func tick(_ screen: IdleTimer.ScreenKind, at now: Double) -> KioskSupervisor.Tick { s.tick(screen: screen, now: now) }
    func type(_ pin: String, at now: Double) -> KioskSupervisor.Decision {
        for c in pin { _ = key(.character(c), at: now) }
        return key(.submit, at: now)
    }
}

@Suite struct SupervisorTests {
    @Test func visitorKeysPassAndThreeCtrlXOpenThePrompt() {
        let k = Supervised()
        #expect(k.key(.character("1"), at: 1) == .forward)
        #expect(k.ctrlX(at: 2) == .forward)
        #expect(k.ctrlX(at: 2.5) == .forward)
        #expect(k.ctrlX(at: 3) == .openPinPrompt)
        #expect(k.s.mode == .pinPrompt)
    }

    @Test func wrongPinKeepsTheKioskRightPinUnlocks() {
        let k = Supervised()
        for t in [1.0, 1.1, 1.2] { _ = k.ctrlX(at: t) }
        #expect(k.type("1234", at: 2) == .prompt(.wrong(attemptsBeforeLockout: 2)))
        #expect(k.s.mode == .pinPrompt)
        #expect(k.type("4711", at: 3) == .unlocked)
        #expect(k.s.mode == .visitor)
    }

    @Test func escClosesThePromptAndAnUntouchedPromptClosesItself() {
        let k = Supervised()
        for t in [1.0, 1.1, 1.2] { _ = k.ctrlX(at: t) }
        #expect(k.key(.cancel, at: 2) == .closePinPrompt)
        #expect(k.s.mode == .visitor)
        for t in [3.0, 3.1, 3.2] { _ = k.ctrlX(at: t) }
        #expect(k.tick(.questions, at: 20) == .none)
        #expect(k.tick(.questions, at: 33.2) == .closePinPrompt)
        #expect(k.s.mode == .visitor)
        #expect(k.key(.character("1"), at: 34) == .forward)
    }

    @Test func idleVisitorGetsACountdownThenTimesOut() {
        let k = Supervised()
        _ = k.key(.character("1"), at: 0)
        #expect(k.tick(.questions, at: 70) == .none)
        #expect(k.tick(.questions, at: 80) == .countdown(secondsLeft: 10))
        // Any key cancels the countdown.
        #expect(k.key(.character("x"), at: 81) == .forward)
        #expect(k.tick(.questions, at: 81) == .none)
        #expect(k.tick(.questions, at: 171) == .timedOut)
        // The reset restarts the count; the welcome screen never times out.
        #expect(k.tick(.welcome, at: 10_000) == .none)
    }

    @Test func pollingWakesInTimeForTheCountdown() {
        let k = Supervised()
        #expect(k.s.pollMilliseconds(screen: .welcome, now: 5) == 250)
        #expect(k.s.pollMilliseconds(screen: .questions, now: 74.9) == 100)
        #expect(k.s.pollMilliseconds(screen: .questions, now: 90) == 0)
    }
}
