import Kiosk
import Testing

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    var now: Double = 1000
}

@Suite struct KioskControllerTests {
    func controller(_ clock: ManualClock) -> KioskController {
        KioskController(settings: IdleTimer.Settings(questionSeconds: 10, resultsSeconds: 20, countdownSeconds: 3),
                        policy: PinGate.Policy(freeAttempts: 2, firstLockoutSeconds: 30),
                        verify: { $0 == "2468" }, clock: { clock.now })
    }

    @Test func idleCountsDownExpiresOnceAndAKeyStartsOver() {
        let clock = ManualClock()
        let k = controller(clock)
        #expect(k.idle(.welcome).signal == .quiet)
        #expect(k.idle(.welcome).nextChange == nil)
        #expect(k.idle(.questions).signal == .quiet)
        #expect(k.idle(.questions).nextChange == 7)
        clock.now += 8
        #expect(k.idle(.questions).signal == .countdown(seconds: 2))
        k.activity()
        #expect(k.idle(.questions).signal == .quiet)
        clock.now += 10
        #expect(k.idle(.questions).signal == .expired)
        #expect(k.idle(.questions).signal == .quiet, "reported once; the next visitor's time starts")
        clock.now += 15
        #expect(k.idle(.results).signal == .quiet)
    }

    @Test func theChordNeedsThreeQuickPresses() {
        let clock = ManualClock()
        let k = controller(clock)
        #expect(!k.advisorChord(KioskChord.key))
        #expect(!k.advisorChord(0))
        #expect(!k.advisorChord(KioskChord.key))
        #expect(!k.advisorChord(KioskChord.key))
        #expect(k.advisorChord(KioskChord.key))
    }

    @Test func wrongPINsLockThePromptAndTheRightOneOpensItAfterwards() {
        let clock = ManualClock()
        let k = controller(clock)
        #expect(k.checkPin("1111") == .wrong(attemptsLeft: 1))
        #expect(k.checkPin("1111") == .wrong(attemptsLeft: 0))
        #expect(k.checkPin("1111") == .locked(secondsLeft: 30))
        #expect(k.pinLockSecondsLeft() == 30)
        #expect(k.checkPin("2468") == .locked(secondsLeft: 30), "locked: even the right PIN is not checked")
        clock.now += 31
        #expect(k.checkPin("2468") == .accepted)
        #expect(k.pinLockSecondsLeft() == nil)
    }
}

@Suite struct ShortIdleByFlagTests {
    @Test func flagsMayAskForShortIdleTimesAConfigFileMayNot() throws {
        let pin = try PinHash.make(pin: "246800", parameters: .fastForTests)
        let config = KioskConfig(pin: pin).applying(KioskOverrides(questionIdleSeconds: 3, resultsIdleSeconds: 4))
        #expect(config.countdownSeconds == 1)
        #expect(config.startProblems(shortestIdleSeconds: KioskConfig.shortestIdleSecondsByFlag).isEmpty)
        #expect(config.startProblems == ["questionIdleSeconds: moet 10–3600 zijn, is 3", "resultsIdleSeconds: moet 10–3600 zijn, is 4"])
        #expect(KioskConfig().applying(KioskOverrides(questionIdleSeconds: 60)).countdownSeconds == 15)
        #expect(KioskConfig().applying(KioskOverrides(questionIdleSeconds: 12)).countdownSeconds == 2)
    }
}

@Suite struct PinPromptTimeTests {
    /// A kiosk set to very short visitor times (for a test) does not close the advisor's PIN
    /// prompt while they type: the prompt has a time of its own, without a countdown.
    @Test func thePinPromptIsTimedOnItsOwn() {
        var timer = IdleTimer(settings: IdleTimer.Settings(questionSeconds: 2, resultsSeconds: 2, countdownSeconds: 1), now: 0)
        #expect(timer.state(screen: .questions, now: 5) == .expired)
        #expect(timer.state(screen: .pinPrompt, now: 5) == .running(secondsLeft: 55))
        #expect(timer.state(screen: .pinPrompt, now: 59.5) == .running(secondsLeft: 1), "no countdown over a PIN prompt")
        #expect(timer.state(screen: .pinPrompt, now: 61) == .expired)
        timer.activity(at: 61)
        #expect(timer.secondsUntilNextChange(screen: .pinPrompt, now: 61) == 60)
    }
}
