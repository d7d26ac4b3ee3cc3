import CTerminalSupport
import Questionnaire

/// The full-screen loop: render the state, draw, read a key, let the state machine decide,
/// carry out its effects. Returns the stop signal that ended it (0 for a normal quit).
public struct FullScreenApp {
    public var state: QuestionnaireState
    public let backend: any TerminalBackend
    public let recorder: any SessionRecorder
    public var crashAfterFirstScreen = false
    public var pendingSignal: () -> Int32 = { rw_ts_pending_signal() }
    public var asciiOverride: Bool?

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
                rendered = renderNow()
                backend.draw(rendered.grid)
                needsDraw = false
            }
            guard let input = backend.nextInput(timeoutMs: 250) else { continue }
            if crashAfterFirstScreen { rw_ts_crash_for_test() }
            needsDraw = true
            var effects: [Effect] = []
            switch input {
            case .key(let key): effects = state.handle(.key(key))
            case .help: effects = state.handle(.key(.char("?")))
            case .resize: break
            case .click(let row, _):
                if let index = rendered.hits[row] { effects = state.handle(.click(index: index)) }
            case .end:
                effects = state.handle(.stop)
                perform(effects)
                return 0
            }
            if perform(effects) { return 0 }
            let onWelcome = state.screen == .welcome
            if onWelcome && !wasOnWelcome { recorder.startSession() }
            wasOnWelcome = onWelcome
        }
    }

    /// Carries out effects; returns true when the program should end.
    @discardableResult
    mutating func perform(_ effects: [Effect]) -> Bool {
        var quit = false
        for effect in effects {
            switch effect {
            case .record(let record):
                let error = recorder.record(record)
                state.handle(.recorded(error: error))
            case .quit:
                quit = true
            }
        }
        return quit
    }
}
