import Questionnaire

extension QuestionnaireState {
    /// Carries out the state machine's effects: the one interpreter, for both fronts. Writes
    /// sessions with `recorder` and answers with `.recorded`, checks a PIN with `checkPin` and
    /// answers with `.pinChecked` (carrying out what that leads to), and says whether the
    /// program should end. `saved` hears the outcome of every save (nil: it worked).
    @discardableResult
    mutating func perform(_ effects: [Effect], recorder: any SessionRecorder,
                          checkPin: (String) -> PinCheck = { _ in .wrong(attemptsLeft: 0) },
                          saved: (SaveFailure?) -> Void = { _ in }) -> Bool {
        var quit = false
        for effect in effects {
            switch effect {
            case .record(let record):
                let error = recorder.record(record)
                saved(error)
                handle(.recorded(error: error, sessionCode: error == nil ? recorder.lastSessionCode : nil))
            case .recordPrevious(let record):
                recorder.recordLeft(record)
                recorder.startSession()
            case .checkPin(let pin):
                let more = handle(.pinChecked(checkPin(pin)))
                if perform(more, recorder: recorder, checkPin: checkPin, saved: saved) { quit = true }
            case .quit:
                quit = true
            }
        }
        return quit
    }
}
