import Foundation

/// A self-signed certificate for localhost / 127.0.0.1, made once per test run with openssl.
enum TestCertificate {
    struct Files: Sendable {
        let certificate: String
        let key: String
    }

    static let shared: Result<Files, any Error> = Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = Files(certificate: directory.appendingPathComponent("cert.pem").path,
                          key: directory.appendingPathComponent("key.pem").path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", files.key, "-out", files.certificate]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SMTPTestServer.StartFailure(description: "openssl req failed with status \(process.terminationStatus)")
        }
        return files
    }

    /// The server flags that serve this certificate.
    static func serverArguments() throws -> [String] {
        let files = try shared.get()
        return ["--tls-cert", files.certificate, "--tls-key", files.key]
    }
}
