#if canImport(Glibc)
import Glibc
#endif

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
        let en = language.hasPrefix("en")
        switch kind {
        case .diskFull:
            return en ? "Your answers could not be saved: the disk is full (\(path)). Nothing stored earlier was damaged."
                      : "Je antwoorden konden niet worden bewaard: de schijf is vol (\(path)). Eerder bewaarde gegevens zijn niet beschadigd."
        case .permissionDenied:
            return en ? "Your answers could not be saved: no permission to write to \(path)."
                      : "Je antwoorden konden niet worden bewaard: geen toestemming om te schrijven naar \(path)."
        case .symlinkRefused:
            return en ? "Refusing to write: \(path) is a symbolic link, not the session log."
                      : "Niet geschreven: \(path) is een symbolische koppeling, niet het sessielogboek."
        case .notARegularFile:
            return en ? "Refusing to write: \(path) is not a regular file."
                      : "Niet geschreven: \(path) is geen gewoon bestand."
        case .ioError:
            return en ? "Your answers could not be saved because of a disk error (\(path)). Nothing stored earlier was damaged."
                      : "Je antwoorden konden niet worden bewaard door een schijffout (\(path)). Eerder bewaarde gegevens zijn niet beschadigd."
        case .syncFailed:
            return en ? "Your answers could not be saved safely: the disk reported an error while saving (\(path))."
                      : "Je antwoorden konden niet veilig worden bewaard: de schijf meldde een fout bij het opslaan (\(path))."
        case .directoryMissing:
            return en ? "The data directory \(path) does not exist or cannot be reached."
                      : "De gegevensmap \(path) bestaat niet of is niet bereikbaar."
        case .invalidContact:
            return en ? "Please check your contact details: \(detail)."
                      : "Controleer je contactgegevens: \(detail)."
        case .consentMissing:
            return en ? "Contact details are only kept with your explicit consent."
                      : "Contactgegevens bewaren we alleen met je uitdrukkelijke toestemming."
        case .tooYoung:
            return en ? "Contact details can only be left from age 16."
                      : "Contactgegevens achterlaten kan vanaf 16 jaar."
        case .notFound:
            return en ? "Not found: \(detail)." : "Niet gevonden: \(detail)."
        case .invalidArgument:
            return en ? "Invalid value: \(detail)." : "Ongeldige waarde: \(detail)."
        case .noDataDirectory:
            return en ? "No data directory: HOME is not set and this user has no known home directory. Set ROUTEWIJZER_DATA_DIR or pass --data-dir DIR."
                      : "Geen gegevensmap: HOME is niet gezet en deze gebruiker heeft geen bekende thuismap. Zet ROUTEWIJZER_DATA_DIR of geef --data-dir MAP."
        case .unsafePermissions:
            return en ? "Not used: \(path): \(detail)."
                      : "Niet gebruikt: \(path): andere gebruikers kunnen het veranderen (eigenaar of rechten)."
        }
    }

    /// The error as a coordinator's command (export, report, contacts, purge, forget) reports
    /// it: which file and what went wrong, without the visitor's "your answers" wording.
    public func coordinatorMessage(language: String) -> String {
        let en = language.hasPrefix("en")
        let reason: String
        switch kind {
        case .diskFull: reason = en ? "the disk is full" : "de schijf is vol"
        case .permissionDenied: reason = en ? "permission denied" : "geen toestemming"
        case .symlinkRefused: reason = en ? "a symbolic link, refused" : "een symbolische koppeling, geweigerd"
        case .notARegularFile: reason = en ? "not a regular file" : "geen gewoon bestand"
        case .ioError: reason = en ? "disk error" : "schijffout"
        case .syncFailed: reason = en ? "the disk reported an error while writing" : "de schijf meldde een fout bij het wegschrijven"
        case .directoryMissing: reason = en ? "does not exist or cannot be reached" : "bestaat niet of is niet bereikbaar"
        default: return message(language: language)
        }
        return "\(path): \(reason)"
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
