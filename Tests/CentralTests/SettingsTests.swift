import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Central

// Where the connection settings come from, and what is refused: a password on the command line,
// a settings file others can read, plain connections to anything but loopback.
struct SettingsTests {
    let clean: [String: String] = ["HOME": "/nonexistent", "USER": "tester"]

    @Test func anAddressGivesHostPortDatabaseUserAndTLS() throws {
        let s = try CentralSettings.resolve(
            address: "postgres://kiosk1@db.example.nl:6432/routewijzer?sslmode=verify-full", configFile: nil, environment: clean)
        #expect(s.host == "db.example.nl" && s.port == 6432 && s.database == "routewijzer" && s.user == "kiosk1")
        #expect(s.sslMode == .verifyFull && !s.isLoopback)
    }

    @Test func aPasswordInTheAddressIsRefused() {
        for address in ["postgres://kiosk1:geheim@127.0.0.1/rw", "postgresql://kiosk1:@127.0.0.1/rw", "postgres://k@127.0.0.1/rw?password=x"] {
            #expect(throws: CentralError.self) { try CentralSettings.parseAddress(address) }
            do { _ = try CentralSettings.parseAddress(address) } catch {
                #expect(error.description.contains("does not belong in the address"), "\(error)")
            }
        }
    }

    @Test func anythingButLoopbackNeedsVerifiedTLS() throws {
        // No sslmode: verify-full by default.
        let remote = try CentralSettings.resolve(address: "postgres://k@10.1.2.3/rw", configFile: nil, environment: clean)
        #expect(remote.sslMode == .verifyFull)
        for mode in ["disable", "prefer", "require", "verify-ca"] {
            do {
                _ = try CentralSettings.resolve(address: "postgres://k@db.example.nl/rw?sslmode=\(mode)", configFile: nil, environment: clean)
                Issue.record("sslmode=\(mode) to a remote host was accepted")
            } catch {
                #expect(error.description.contains("verify-full"), "\(error)")
            }
        }
        // The same modes on loopback are fine.
        for host in ["127.0.0.1", "127.8.9.10", "localhost", "[::1]"] {
            let s = try CentralSettings.resolve(address: "postgres://k@\(host)/rw?sslmode=disable", configFile: nil, environment: clean)
            #expect(s.isLoopback && s.sslMode == .disable, "\(host)")
        }
        #expect(!CentralSettings.isLoopback("127.0.0.1.example.nl"))
        #expect(!CentralSettings.isLoopback("128.0.0.1"))
    }

    @Test func theStandardVariablesWork() throws {
        var env = clean
        env["PGHOST"] = "/run/pg"; env["PGPORT"] = "5433"; env["PGDATABASE"] = "centraal"; env["PGUSER"] = "coord"
        env["PGPASSWORD"] = "pw"
        let s = try CentralSettings.resolve(address: nil, configFile: nil, environment: env)
        #expect(s.isUnixSocket && s.socketPath == "/run/pg/.s.PGSQL.5433")
        #expect(s.database == "centraal" && s.user == "coord" && s.password == "pw")
        // The address wins over the variables.
        let t = try CentralSettings.resolve(address: "postgres://other@127.0.0.1/x", configFile: nil, environment: env)
        #expect(t.user == "other" && t.database == "x" && t.host == "127.0.0.1" && t.password == "pw")
    }

    func write(_ text: String, mode: mode_t) throws -> String {
        let path = NSTemporaryDirectory() + "rw-settings-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).conf"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    @Test func aSettingsFileMustBeTheOwnersAlone() throws {
        let text = "# central store\nhost = 127.0.0.1\nport = 5432\ndbname = rw\nuser = kiosk1\npassword = s3cret=ok\ncontacts = yes\n"
        let good = try write(text, mode: 0o600)
        defer { unlink(good) }
        let s = try CentralSettings.resolve(address: nil, configFile: good, environment: clean)
        #expect(s.password == "s3cret=ok" && s.user == "kiosk1" && s.shipContacts)
        let open = try write(text, mode: 0o644)
        defer { unlink(open) }
        do {
            _ = try CentralSettings.resolve(address: nil, configFile: open, environment: clean)
            Issue.record("a settings file of mode 0644 was accepted")
        } catch {
            #expect(error.description.contains("mode 0644") && error.description.contains("chmod 600"), "\(error)")
        }
    }

    @Test func aSettingsFileWithAnUnknownKeyIsRefusedWithItsLine() throws {
        let path = try write("host = 127.0.0.1\npasword = x\n", mode: 0o600)
        defer { unlink(path) }
        do {
            _ = try CentralSettings.resolve(address: nil, configFile: path, environment: clean)
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains(":2: unknown setting 'pasword'"), "\(error)")
        }
    }

    @Test func aPasswordFileIsReadLikeLibpqDoes() throws {
        let path = try write("# comment\nother:5432:*:*:wrong\n127.0.0.1:5432:rw:kiosk1:pa\\:ss\n", mode: 0o600)
        defer { unlink(path) }
        var env = clean
        env["PGPASSFILE"] = path
        let s = try CentralSettings.resolve(address: "postgres://kiosk1@127.0.0.1/rw", configFile: nil, environment: env)
        #expect(s.password == "pa:ss")
        chmod(path, 0o640)
        #expect(throws: CentralError.self) { try CentralSettings.resolve(address: "postgres://kiosk1@127.0.0.1/rw", configFile: nil, environment: env) }
    }
}
