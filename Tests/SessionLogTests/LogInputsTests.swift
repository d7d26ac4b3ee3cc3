import Foundation
import Glibc
import Testing
import TestSupport
import SystemIO
@testable import SessionLog

/// Finding the logs under the folders a coordinator names goes through the file seam like every
/// other file access, so a failing listing or a vanished file is reported, not skipped.
@Suite struct LogInputsTests {
    /// The real calls, with a listing that fails for one folder and a record of what was asked.
    final class ListingFileSystem: ForwardingFileSystem, @unchecked Sendable {
        let base: any FileSystemCalls = SystemFileSystem()
        var failListing: String?
        private(set) var listed: [String] = []
        func directoryEntries(_ path: String) -> [String]? {
            listed.append(path)
            if path == failListing { errno = EACCES; return nil }
            return base.directoryEntries(path)
        }
    }

    func tree() throws -> TempDir {
        let dir = TempDir("rw-inputs")
        let root = dir.path
        for dir in ["kiosk-1", "kiosk-2", "kiosk-2/old"] {
            try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        for file in ["kiosk-1/sessions.jsonl", "kiosk-2/sessions.jsonl", "kiosk-2/old/sessions-2025.jsonl", "kiosk-2/notes.txt"] {
            FileManager.default.createFile(atPath: root + "/" + file, contents: Data())
        }
        return dir
    }

    @Test func logsUnderFoldersAreFoundThroughTheSeamInOrder() throws {
        let dir = try tree(), root = dir.path
        defer { dir.remove() }
        let fs = ListingFileSystem()
        let files = try LogInputs.expand([root], fs: fs)
        #expect(files == [root + "/kiosk-1/sessions.jsonl", root + "/kiosk-2/old/sessions-2025.jsonl", root + "/kiosk-2/sessions.jsonl"])
        #expect(Set(fs.listed) == [root, root + "/kiosk-1", root + "/kiosk-2", root + "/kiosk-2/old"])
    }

    @Test func aFolderThatCannotBeListedIsReported() throws {
        let dir = try tree(), root = dir.path
        defer { dir.remove() }
        let fs = ListingFileSystem()
        fs.failListing = root + "/kiosk-2"
        #expect(throws: SessionLogError(.permissionDenied, path: root + "/kiosk-2", code: EACCES)) {
            try LogInputs.expand([root], fs: fs)
        }
        #expect(throws: SessionLogError(.directoryMissing, path: root + "/nothing", code: ENOENT)) {
            try LogInputs.expand([root + "/nothing"], fs: fs)
        }
    }
}
