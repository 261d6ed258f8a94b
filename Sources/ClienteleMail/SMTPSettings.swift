import Foundation

/// Where and how to send: parsed from an SMTP URL, then adjustable field by field.
///
/// URL forms:
/// - `smtp://[user[:password]@]host[:port]` — port 25 by default; upgrades with STARTTLS when the server offers it.
///   With a user name, TLS is *required* (no STARTTLS → transient `SMTPError.tls`) unless the host is
///   `localhost`, `127.0.0.1` or `::1`, so a password never crosses the network in clear text.
/// - `smtps://…` — TLS from the first byte (implicit TLS), port 465 by default.
///
/// User and password are percent-decoded (`p%40ss` → `p@ss`). Query parameters (unknown ones are an error):
/// - `tls_verify=false` — do not check the server certificate (`SMTP_TLS_VERIFY=false`); default true.
/// - `tls_ca_file=/path/ca.pem` — also trust this CA or self-signed certificate.
/// - `starttls=auto|required|never` — see `SMTPSettings.StartTLSPolicy`.
/// - `pool_size=N`, `connect_timeout=S`, `command_timeout=S`, `idle_timeout=S` (seconds), `helo=name`.
public struct SMTPSettings: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// `smtps://`: TLS from the first byte; STARTTLS is not used.
    public var implicitTLS: Bool
    public var username: String?
    public var password: String?
    /// The default From (`ann@example.com` or `Ann <ann@example.com>`) for messages without their own.
    public var from: String
    public var startTLS: StartTLSPolicy
    public var certificateVerification: CertificateVerification
    /// For the TCP connect (DNS included).
    public var connectTimeout: Duration = .seconds(10)
    /// For each reply, the greeting and TLS handshake included.
    public var commandTimeout: Duration = .seconds(30)
    /// A pooled connection unused this long is closed (with QUIT).
    public var idleTimeout: Duration = .seconds(30)
    /// At most this many connections at once; concurrent sends beyond it wait for a free one.
    public var poolSize: Int = 4
    /// The name given in EHLO/HELO.
    public var heloName: String = "localhost"

    public init(url: String, from: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw SMTPError.invalidSettings("the SMTP URL is not a URL (expected smtp://user:password@host:port)")
        }
        guard scheme == "smtp" || scheme == "smtps" else {
            throw SMTPError.invalidSettings("unsupported URL scheme \"\(scheme)\" (use smtp:// or smtps://)")
        }
        guard var host = components.host, !host.isEmpty else {
            throw SMTPError.invalidSettings("the SMTP URL has no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard components.path.isEmpty || components.path == "/" else {
            throw SMTPError.invalidSettings("the SMTP URL must not have a path")
        }
        implicitTLS = scheme == "smtps"
        self.host = host
        port = components.port ?? (implicitTLS ? 465 : 25)
        guard (1...65_535).contains(port) else { throw SMTPError.invalidSettings("port \(port) is out of range") }
        username = components.user.flatMap { $0.isEmpty ? nil : $0 }
        password = components.password
        if password != nil && username == nil {
            throw SMTPError.invalidSettings("the SMTP URL has a password but no user name")
        }
        do {
            _ = try MailAddress(parsing: from, field: "From")
        } catch {
            throw SMTPError.invalidSettings("the From address \"\(from)\" is not a valid email address")
        }
        self.from = from
        startTLS = .whenOffered
        certificateVerification = .full
        for item in components.queryItems ?? [] {
            try apply(item.name, item.value ?? "")
        }
        if startTLS == .never && username != nil && !isLoopback {
            throw SMTPError.invalidSettings("starttls=never would send the password in clear text to \(host)")
        }
    }

    private mutating func apply(_ name: String, _ value: String) throws {
        func seconds() throws -> Duration {
            guard let seconds = Double(value), seconds > 0 else {
                throw SMTPError.invalidSettings("\(name) must be a positive number of seconds")
            }
            return .milliseconds(Int64(seconds * 1000))
        }
        switch name {
        case "tls_verify":
            guard let verify = Bool(value.lowercased()) ?? ["1": true, "0": false][value] else {
                throw SMTPError.invalidSettings("tls_verify must be true or false")
            }
            if !verify { certificateVerification = .none }
        case "tls_ca_file":
            guard !value.isEmpty else { throw SMTPError.invalidSettings("tls_ca_file needs a path") }
            certificateVerification = .trustCertificateFile(value)
        case "starttls":
            guard let policy = StartTLSPolicy(rawValue: value.lowercased()) else {
                throw SMTPError.invalidSettings("starttls must be auto, required or never")
            }
            startTLS = policy
        case "pool_size":
            guard let size = Int(value), size >= 1 else { throw SMTPError.invalidSettings("pool_size must be at least 1") }
            poolSize = size
        case "connect_timeout": connectTimeout = try seconds()
        case "command_timeout": commandTimeout = try seconds()
        case "idle_timeout": idleTimeout = try seconds()
        case "helo":
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw SMTPError.invalidSettings("helo must be a host name")
            }
            heloName = value
        default:
            throw SMTPError.invalidSettings("unknown SMTP URL parameter \"\(name)\"")
        }
    }

    /// Loopback hosts, where credentials may go without TLS (a local relay or test sink).
    public var isLoopback: Bool {
        ["localhost", "127.0.0.1", "::1"].contains(host.lowercased())
    }

    /// Whether a connection without TLS must be refused: asked for, or credentials going to another machine.
    var requiresTLS: Bool {
        startTLS == .required || (username != nil && !isLoopback && startTLS != .never)
    }

    /// The settings as a URL with the password masked: safe to log.
    public var description: String {
        let user = username.map { "\($0)\(password == nil ? "" : ":***")@" } ?? ""
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(implicitTLS ? "smtps" : "smtp")://\(user)\(shownHost):\(port)"
    }
}

extension SMTPSettings {
    /// Whether a plain `smtp://` connection upgrades with STARTTLS (`smtps://` is TLS from the start and ignores this).
    public enum StartTLSPolicy: String, Sendable, Equatable {
        /// Never upgrade, even when offered: for local sinks only (refused with credentials to a remote host).
        case never
        /// Upgrade when the server offers STARTTLS, carry on in plain text when it does not.
        case whenOffered = "auto"
        /// Fail the connection (a transient `SMTPError.tls`) when the server does not offer STARTTLS.
        case required
    }

    /// How the server's TLS certificate is checked, for STARTTLS and `smtps://` alike.
    public enum CertificateVerification: Sendable, Equatable {
        /// The system's trusted roots and the host name: the production default.
        case full
        /// As `.full`, also trusting the CA or self-signed certificate(s) in this PEM file (a private relay, the tests).
        case trustCertificateFile(String)
        /// No check at all (`SMTP_TLS_VERIFY=false`, `?tls_verify=false`): still encrypted, but open to interception.
        case none
    }
}
