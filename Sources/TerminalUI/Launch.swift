import CNcursesw
import CTerminalSupport
import Matching
import Questionnaire
import RouteCatalog
import SessionLog
import SystemIO
#if canImport(Glibc)
import Glibc
#endif

/// Starting the questionnaire: choose full-screen or plain, open the terminal, run, and give the
/// terminal back on every way out.
public enum TerminalFront {
    public struct Options {
        public var plain = false
        public var color = true
        public var language: Language = .nl
        public var dataDirectory: String
        public var channel: Channel = .kiosk
        /// An unattended kiosk: `q` starts again, idle visitors time out, only the advisor's
        /// chord and PIN end the program. Job-control signals are ignored.
        public var kiosk: KioskHooks?
        /// The event label stored with every session (e.g. "Open dag ROC 2026-11-28").
        public var event: String?
        /// Take mouse clicks (always on a kiosk; elsewhere only when asked, so the terminal can
        /// select and copy text).
        public var mouse = false
        public init(dataDirectory: String) { self.dataDirectory = dataDirectory }
    }

    /// Whether the environment asks for the plain line mode: `TERM=dumb`, or stdin/stdout not a terminal.
    public static func prefersPlain(environment: [String: String]) -> Bool {
        if environment["TERM"] == "dumb" { return true }
        return rw_ts_isatty(0) == 0 || rw_ts_isatty(1) == 0
    }

    /// Runs one questionnaire front. `load` reads the catalogue; in full-screen mode it runs after
    /// the welcome screen is drawn, so the first screen appears without waiting for it. Returns the
    /// exit status; a stop signal (SIGTERM, SIGHUP) ends the process by that signal after the
    /// session was recorded and the terminal restored.
    public static func run(load: () throws -> Engine, options: Options, environment: [String: String]) -> Int32 {
        _ = rw_setlocale_ctype()
        var plain = options.plain || prefersPlain(environment: environment)
        var backend: NcursesBackend?
        if !plain {
            do {
                backend = try NcursesBackend(color: options.color, mouse: options.mouse || options.kiosk != nil,
                                             chainCrashes: environment["SWIFT_BACKTRACE"] != nil)
                backend!.draw(renderWelcome(language: options.language, width: backend!.width, height: backend!.height,
                                            options: RenderOptions(ascii: !backend!.unicode), kiosk: options.kiosk != nil))
            } catch {
                writeError("routewijzer: \(error); " + bothLanguages(.launchPlainModeInstead) + "\n")
                plain = true
            }
        }
        func fail(_ message: String) -> Int32 {
            backend?.shutdown()
            writeError(message)
            return 1
        }
        let engine: Engine
        do { engine = try load() } catch { return fail("routewijzer: \(error)\n") }
        let recorder: any SessionRecorder
        do {
            recorder = try LogRecorder(dataDirectory: options.dataDirectory, engine: engine, channel: options.channel, event: options.event)
        } catch {
            return fail("routewijzer: " + bothLanguages(.launchDataDirectoryUnusable) + ": \(options.dataDirectory): \(error)\n")
        }
        let state = QuestionnaireState(engine: engine, language: options.language, kiosk: options.kiosk != nil && !plain)
        guard let backend, !plain else {
            rw_ts_install_stop_handlers()
            let input = LineInput(fd: 0, interrupted: { rw_ts_pending_signal() != 0 })
            var app = PlainApp(state: state, recorder: recorder, ascii: rw_ts_locale_is_utf8() == 0,
                               readLine: input.next, write: { text in TerminalFront.writeAll(1, text) })
            app.pendingSignal = { rw_ts_pending_signal() }
            app.lineWasTooLong = { input.lastLineWasTooLong }
            let (signal, status) = app.runWithStatus()
            recorder.finish()
            if signal != 0 { rw_ts_reraise_default(signal) }
            return status
        }
        var app = FullScreenApp(state: state, backend: backend, recorder: recorder)
        if let kiosk = options.kiosk {
            rw_ts_ignore_job_control()
            app.kiosk = kiosk
        }
        app.crashAfterFirstScreen = environment["ROUTEWIJZER_TEST_CRASH"] == "1"
        let signal = app.run()
        recorder.finish()
        backend.shutdown()
        if signal != 0 { rw_ts_reraise_default(signal) }
        // The full screen leaves nothing behind: a visitor (over SSH, say) keeps a short summary
        // of the advice in the terminal's scrollback. Never on a kiosk: the next visitor would see it.
        if options.kiosk == nil, let results = app.lastResults {
            let summary = AdviceText(results, language: app.state.language, ascii: rw_ts_locale_is_utf8() == 0)
                .summary(sessionCode: app.lastSessionCode)
            writeAll(1, summary.joined(separator: "\n") + "\n")
        }
        return 0
    }

    /// Writes a message to standard error, without control characters (`TerminalText`).
    public static func writeError(_ text: String) { writeText(2, text) }

    /// Writes text made of data (catalogue texts, answers, file names) to a terminal: control
    /// characters are left out, line breaks kept.
    public static func writeText(_ fd: Int32, _ text: String) { writeAll(fd, TerminalText.strip(text)) }

    /// Writes all of `text` to a file descriptor (looping on short writes and EINTR).
    public static func writeAll(_ fd: Int32, _ text: String) {
        SystemFileSystem().writeAll(fd, text)
    }
}
