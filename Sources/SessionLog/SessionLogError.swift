#if canImport(Glibc)
import Glibc
#endif
import RouteCatalog

/// An error from the session log or contact store, with a plain sentence for the person in front
/// of the screen (Dutch and English). Whatever went wrong, what was stored before is intact.
public struct SessionLogError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case diskFull, permissionDenied, symlinkRefused, notARegularFile, ioError, syncFailed
        case directoryMissing, invalidContact, consentMissing, tooYoung, notFound, invalidArgument
        /// No data directory could be chosen (no `--data-dir`, no `ROUTEWIJZER_DATA_DIR`, no home).
        case noDataDirectory
        /// A data directory or file others could tamper with; `detail` says why and what to do.
        case unsafePermissions
    }

    public var kind: Kind
    /// The file or directory involved.
    public var path: String
    /// The system error number, 0 if none.
    public var code: Int32
    /// Extra detail for `invalidContact`/`invalidArgument` (the field or value).
    public var detail: String

    public init(_ kind: Kind, path: String = "", code: Int32 = 0, detail: String = "") {
        self.kind = kind; self.path = path; self.code = code; self.detail = detail
    }

    /// Maps a system error number to a kind.
    static func from(errno e: Int32, path: String, fallback: Kind = .ioError) -> SessionLogError {
        switch e {
        case ENOSPC, EDQUOT, EFBIG: return SessionLogError(.diskFull, path: path, code: e)
        case EACCES, EPERM, EROFS: return SessionLogError(.permissionDenied, path: path, code: e)
        case ELOOP: return SessionLogError(.symlinkRefused, path: path, code: e)
        case ENOENT, ENOTDIR: return SessionLogError(.directoryMissing, path: path, code: e)
        default: return SessionLogError(fallback, path: path, code: e)
        }
    }

    /// The sentence to show, in `nl` or `en`.
    public func message(language: String) -> String {
        let lang: Language = language.hasPrefix("en") ? .en : .nl
        switch kind {
        case .diskFull: return lang[.errorDiskFull, path]
        case .permissionDenied: return lang[.errorPermissionDenied, path]
        case .symlinkRefused: return lang[.errorSymlinkRefused, path]
        case .notARegularFile: return lang[.errorNotARegularFile, path]
        case .ioError: return lang[.errorIO, path]
        case .syncFailed: return lang[.errorSyncFailed, path]
        case .directoryMissing: return lang[.errorDirectoryMissing, path]
        case .invalidContact: return lang[.errorInvalidContact, detail]
        case .consentMissing: return lang[.errorConsentMissing]
        case .tooYoung: return lang[.errorTooYoung]
        case .notFound: return lang[.errorNotFound, detail]
        case .invalidArgument: return lang[.errorInvalidArgument, detail]
        case .noDataDirectory: return lang[.errorNoDataDirectory]
        case .unsafePermissions:
            // The detail is written in English; Dutch says the gist instead.
            return lang == .en ? lang[.errorNotUsed, path, detail] : lang[.errorNotUsedOthersCanChange, path]
        }
    }

    /// The error as a coordinator's command (export, report, contacts, purge, forget) reports
    /// it: which file and what went wrong, without the visitor's "your answers" wording.
    public func coordinatorMessage(language: String) -> String {
        let lang: Language = language.hasPrefix("en") ? .en : .nl
        let reason: TextKey
        switch kind {
        case .diskFull: reason = .reasonDiskFull
        case .permissionDenied: reason = .reasonPermissionDenied
        case .symlinkRefused: reason = .reasonSymlinkRefused
        case .notARegularFile: reason = .reasonNotARegularFile
        case .ioError: reason = .reasonIO
        case .syncFailed: reason = .reasonSyncFailed
        case .directoryMissing: reason = .reasonDirectoryMissing
        default: return message(language: language)
        }
        return "\(path): " + lang[reason]
    }

    /// One language and the system's error text, for a coordinator's command that speaks one.
    public func coordinatorDescription(language: String) -> String {
        var s = coordinatorMessage(language: language)
        if code != 0 { s += " [errno \(code): \(String(cString: strerror(code)))]" }
        return s
    }

    /// Both languages and the system's error text, for coordinators.
    public var coordinatorDescription: String {
        var s = coordinatorMessage(language: "nl") + " / " + coordinatorMessage(language: "en")
        if code != 0 { s += " [errno \(code): \(String(cString: strerror(code)))]" }
        return s
    }

    public var description: String {
        var s = message(language: "nl") + " / " + message(language: "en")
        if code != 0 { s += " [errno \(code): \(String(cString: strerror(code)))]" }
        return s
    }
}
