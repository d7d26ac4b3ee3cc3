#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

extension ContactStore {
    /// The session ids that have contact details in a `contacts.jsonl` beside any of these logs:
    /// the report counts them as "left contact" also for sessions written before the session
    /// record carried `contactLeft`. Only ids are kept; an unreadable store counts nothing.
    public static func sessionIDs(besideLogs files: [String]) -> Set<UUID> {
        var directories: [String] = []
        for file in files {
            guard let slash = file.lastIndex(of: "/") else { directories.append("."); continue }
            directories.append(slash == file.startIndex ? "/" : String(file[..<slash]))
        }
        var ids = Set<UUID>()
        for dir in Set(directories) {
            _ = try? ContactStore(directory: DataDirectory(path: dir)).forEach { ids.insert($0.sessionID) }
        }
        return ids
    }
}
