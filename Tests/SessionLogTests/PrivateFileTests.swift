import Foundation
import Glibc
import SystemIO
import Testing

/// The one check for files that hold a secret (the kiosk's PIN hash, the central password).
@Suite struct PrivateFileTests {
    private func folder() -> String {
        let path = NSTemporaryDirectory() + "rw-private-\(UUID().uuidString)"
        mkdir(path, 0o700)
        return path
    }

    private func file(_ dir: String, _ name: String, _ text: String, mode: mode_t) -> String {
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        chmod(path, mode)
        return path
    }

    @Test func aFileOnlyItsOwnerCanReadIsRead() throws {
        let dir = folder()
        let path = file(dir, "secret", "pin-hash", mode: 0o600)
        #expect(try PrivateFile.read(path, limit: 100) == Array("pin-hash".utf8))
        #expect(try PrivateFile.read(dir + "/missing", limit: 100) == nil)
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o602] as [mode_t])
    func aFileOthersMayReadOrChangeIsRefused(mode: mode_t) {
        let path = file(folder(), "secret", "x", mode: mode)
        #expect(throws: PrivateFile.Problem.openToOthers(mode: mode)) { try PrivateFile.read(path, limit: 100) }
        #expect(PrivateFile.Problem.octal(mode) == "0" + String(mode, radix: 8))
    }

    @Test func notAFileALinkAndTooLargeAreRefused() throws {
        let dir = folder()
        #expect(throws: PrivateFile.Problem.notARegularFile) { try PrivateFile.read(dir, limit: 100) }
        let target = file(dir, "target", "x", mode: 0o600)
        symlink(target, dir + "/link")
        #expect(try PrivateFile.read(dir + "/link", limit: 100) == Array("x".utf8))
        #expect(throws: PrivateFile.Problem.cannotOpen(errno: ELOOP)) { try PrivateFile.read(dir + "/link", limit: 100, followLinks: false) }
        let big = file(dir, "big", String(repeating: "a", count: 20_000), mode: 0o600)
        #expect(throws: PrivateFile.Problem.tooLarge(limit: 10_000)) { try PrivateFile.read(big, limit: 10_000) }
    }

    @Test func aFileOfAnotherAccountIsRefusedButRootsIsNot() {
        var st = stat()
        st.st_mode = S_IFREG | 0o600
        st.st_uid = 1234
        #expect(PrivateFile.protectionProblem(st, me: 1000) == .ownedByAnother(owner: 1234, me: 1000))
        #expect(PrivateFile.protectionProblem(st, me: 1234) == nil)
        st.st_uid = 0
        #expect(PrivateFile.protectionProblem(st, me: 1000) == nil)
    }
}
