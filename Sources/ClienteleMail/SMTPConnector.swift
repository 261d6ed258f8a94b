import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Opens connections: TCP (or TLS) connect, greeting, EHLO (HELO fallback), STARTTLS, EHLO again, AUTH.
struct SMTPConnector: Sendable {
    let settings: SMTPSettings
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    /// Built once per mailer (loading trust roots is not free); a failure is reported on each connect.
    let tlsContext: Result<NIOSSLContext, SMTPError>
    private let counter = NIOLockedValueBox(0)

    init(settings: SMTPSettings, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        tlsContext = Result {
            var configuration = TLSConfiguration.makeClientConfiguration()
            switch settings.certificateVerification {
            case .full: break
            case .trustCertificateFile(let path): configuration.additionalTrustRoots = [.file(path)]
            case .none: configuration.certificateVerification = .none
            }
            return try NIOSSLContext(configuration: configuration)
        }.mapError { .tls("cannot set up TLS (\(settings.certificateVerification)): \($0)") }
    }

    /// SNI and host name checks need a name; for an IP address NIOSSL checks the certificate's IP entries instead.
    private var serverHostname: String? {
        let host = settings.host
        let isIPAddress = host.contains(":") || host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPAddress ? nil : host
    }

    func connect() async throws(SMTPError) -> SMTPConnection {
        let implicitTLS = settings.implicitTLS ? try tlsContext.get() : nil
        let hostname = serverHostname
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(settings.connectTimeout))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPClientHandler())
                }
            }
        let endpoint = "\(settings.host):\(settings.port)"
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        } catch ChannelError.connectTimeout(let limit) {
            throw .timeout("connecting to \(endpoint) took longer than \(SMTPClientHandler.describe(limit))")
        } catch let error as NIOConnectionError {
            throw .connectionFailed("cannot connect to \(endpoint): \(Self.reason(error))")
        } catch {
            throw .connectionFailed("cannot connect to \(endpoint): \(error)")
        }
        do {
            let transport = try await SMTPTransport.attach(to: channel, commandTimeout: TimeAmount(settings.commandTimeout))
            let capabilities = try await handshake(transport)
            let number = counter.withLockedValue { $0 += 1; return $0 }
            logger.debug("SMTP connection opened", metadata: ["smtp.server": "\(settings)", "smtp.connection": "\(number)"])
            return SMTPConnection(transport: transport, capabilities: capabilities, number: number)
        } catch {
            channel.close(promise: nil)
            throw error as? SMTPError ?? .connectionLost("\(error)")
        }
    }

    /// "Connection refused" rather than NIO's nested description of every address tried.
    private static func reason(_ error: NIOConnectionError) -> String {
        var reasons: [String] = []
        for failure in error.connectionErrors {
            let reason = (failure.error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(failure.error)"
            if !reasons.contains(reason) { reasons.append(reason) }
        }
        if reasons.isEmpty, let dns = error.dnsAError ?? error.dnsAAAAError { reasons.append("DNS lookup failed: \(dns)") }
        return reasons.isEmpty ? "\(error)" : reasons.joined(separator: "; ")
    }

    private func handshake(_ transport: SMTPTransport) async throws(SMTPError) -> SMTPCapabilities {
        try await transport.exchange(nil, label: "the greeting")[0].expect(220, for: "the greeting")
        var capabilities = try await hello(transport)
        if !settings.implicitTLS {
            if capabilities.startTLS && settings.startTLS != .never {
                try await transport.command("STARTTLS").expect(220, for: "STARTTLS")
                try await transport.startTLS(context: tlsContext.get(), serverHostname: serverHostname)
                capabilities = try await hello(transport)
            } else if settings.requiresTLS {
                let why = settings.startTLS == .required ? "starttls=required" : "credentials go to a non-local host"
                throw .tls("\(settings.host) does not offer STARTTLS, and TLS is required (\(why))")
            }
        }
        if let username = settings.username {
            try await authenticate(transport, capabilities: capabilities, username: username,
                                   password: settings.password ?? "")
        }
        return capabilities
    }

    /// EHLO, or HELO for a server that does not know it (then no extensions are used).
    private func hello(_ transport: SMTPTransport) async throws(SMTPError) -> SMTPCapabilities {
        let ehlo = try await transport.command("EHLO \(settings.heloName)", label: "EHLO")
        if ehlo.code == 250 { return SMTPCapabilities(ehloReply: ehlo) }
        guard (500..<600).contains(ehlo.code) else { throw .rejected(command: "EHLO", code: ehlo.code, text: ehlo.text) }
        try await transport.command("HELO \(settings.heloName)", label: "HELO").expect(250, for: "HELO")
        return SMTPCapabilities()
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN; errors name the mechanism, never the credentials.
    private func authenticate(_ transport: SMTPTransport, capabilities: SMTPCapabilities, username: String,
                              password: String) async throws(SMTPError) {
        func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
        if capabilities.authMechanisms.contains("PLAIN") {
            let reply = try await transport.command("AUTH PLAIN \(base64([0] + Array(username.utf8) + [0] + Array(password.utf8)))",
                                                    label: "AUTH PLAIN")
            try reply.expect(235, for: "AUTH PLAIN")
        } else if capabilities.authMechanisms.contains("LOGIN") {
            try await transport.command("AUTH LOGIN").expect(334, for: "AUTH LOGIN")
            try await transport.command(base64(Array(username.utf8)), label: "AUTH LOGIN (user name)").expect(334, for: "AUTH LOGIN")
            try await transport.command(base64(Array(password.utf8)), label: "AUTH LOGIN (password)").expect(235, for: "AUTH LOGIN")
        } else {
            let offered = capabilities.authMechanisms.sorted().joined(separator: " ")
            throw .invalidSettings("a user name is set but \(settings.host) offers no AUTH PLAIN or LOGIN "
                + "(offered: \(offered.isEmpty ? "none" : offered))")
        }
    }
}
