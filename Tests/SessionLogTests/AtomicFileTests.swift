import Foundation
import Glibc
import SystemIO
import Testing
import TestSupport

/// A file layer whose fsync or rename fails, and which writes in small pieces with EINTR between.
final class FailingReplaceFileSystem: ForwardingFileSystem, @unchecked Sendable {
    let base: any FileSystemCalls = SystemFileSystem()
    var fsyncErrno: Int32?
    var renameErrno: Int32?
    private var writes = 0

    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        writes += 1
        if writes % 3 == 0 { errno = EINTR; return -1 }
        return base.write(fd, buffer, min(count, 7))
    }

    func fsync(_ fd: Int32) -> Int32 {
        if let e = fsyncErrno { errno = e; return -1 }
        return base.fsync(fd)
    }

    func rename(_ from: String, _ to: String) -> Int32 {
        if let e = renameErrno { errno = e; return -1 }
        return base.rename(from, to)
    }
}

/// `AtomicFile.replace`, the one way small files (the kiosk's settings, sync's mark) are
/// replaced: whole or not at all, never through a link, no temporary file left behind.
@Suite struct AtomicFileTests {
    func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
    func leftovers(_ dir: TempDir) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.contains(".tmp-") }
    }

    @Test func replacesWholeWithTheModeGivenThroughShortWritesAndEINTR() throws {
        let dir = TempDir(); defer { dir.remove() }
        let path = dir.file("settings.json")
        let fs = FailingReplaceFileSystem()
        try AtomicFile.replace(path, with: Array("first version, longer than one write\n".utf8), mode: 0o600, fs: fs)
        try AtomicFile.replace(path, with: Array("second\n".utf8), mode: 0o600, fs: fs)
        #expect(contents(path) == "second\n")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect(leftovers(dir).isEmpty)
    }

    @Test(arguments: [(EIO, "fsync"), (EXDEV, "rename")])
    func aFailureLeavesTheOldFileAndNoTemporaryOne(errno e: Int32, call: String) throws {
        let dir = TempDir(); defer { dir.remove() }
        let path = dir.file("mark.json")
        try AtomicFile.replace(path, with: Array("old\n".utf8), mode: 0o600)
        let fs = FailingReplaceFileSystem()
        if call == "fsync" { fs.fsyncErrno = e } else { fs.renameErrno = e }
        do {
            try AtomicFile.replace(path, with: Array("new\n".utf8), mode: 0o600, fs: fs)
            Issue.record("a failing \(call) was not reported")
        } catch {
            #expect(error.errno == e)
            #expect(error.path.hasPrefix(dir.path))
        }
        #expect(contents(path) == "old\n")
        #expect(leftovers(dir).isEmpty)
    }

    /// A link planted where the temporary file goes is removed, not followed: the file it points
    /// to is untouched.
    @Test func aLinkAtTheTemporaryNameIsNotFollowed() throws {
        let dir = TempDir(); defer { dir.remove() }
        let victim = dir.file("victim")
        FileManager.default.createFile(atPath: victim, contents: Data("keep\n".utf8))
        let path = dir.file("kiosk.json")
        #expect(symlink(victim, dir.file(".kiosk.json.tmp-\(getpid())")) == 0)
        try AtomicFile.replace(path, with: Array("{}\n".utf8), mode: 0o600)
        #expect(contents(victim) == "keep\n")
        #expect(contents(path) == "{}\n")
        #expect(leftovers(dir).isEmpty)
    }
}
