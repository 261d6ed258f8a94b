import ClienteleMail
import Testing

@Suite struct SMTPSettingsTests {
    @Test func smtpURLDefaultsToPort25AndOpportunisticSTARTTLS() throws {
        let settings = try SMTPSettings(url: "smtp://mail.example.com", from: "noreply@example.com")
        #expect(settings.host == "mail.example.com")
        #expect(settings.port == 25)
        #expect(!settings.implicitTLS)
        #expect(settings.username == nil && settings.password == nil)
        #expect(settings.startTLS == .whenOffered)
        #expect(settings.certificateVerification == .full)
        #expect(settings.connectTimeout == .seconds(10) && settings.commandTimeout == .seconds(30))
        #expect(settings.poolSize == 4)
    }

    @Test func smtpsURLDefaultsToPort465WithPercentDecodedCredentials() throws {
        let settings = try SMTPSettings(url: "smtps://us%40er:p%40ss%3Aw%2Frd@smtp.example.com", from: "Ann <ann@example.com>")
        #expect(settings.implicitTLS)
        #expect(settings.port == 465)
        #expect(settings.username == "us@er")
        #expect(settings.password == "p@ss:w/rd")
        #expect(settings.from == "Ann <ann@example.com>")
    }

    @Test func queryParametersAdjustTheSettings() throws {
        let settings = try SMTPSettings(
            url: "smtp://relay.internal:2525?tls_verify=false&starttls=required&pool_size=8&connect_timeout=2&command_timeout=2.5&helo=app.example.com",
            from: "a@b.co")
        #expect(settings.port == 2525)
        #expect(settings.certificateVerification == .none)
        #expect(settings.startTLS == .required)
        #expect(settings.poolSize == 8)
        #expect(settings.connectTimeout == .seconds(2))
        #expect(settings.commandTimeout == .milliseconds(2500))
        #expect(settings.heloName == "app.example.com")
        let trusting = try SMTPSettings(url: "smtp://relay.internal?tls_ca_file=/etc/relay-ca.pem", from: "a@b.co")
        #expect(trusting.certificateVerification == .trustCertificateFile("/etc/relay-ca.pem"))
    }

    @Test(arguments: [
        ("http://mail.example.com", "scheme"),
        ("mail.example.com:25", "scheme"),
        ("smtp://", "host"),
        ("smtp://mail.example.com:70000", "port"),
        ("smtp://mail.example.com/inbox", "path"),
        ("smtp://mail.example.com?tls_verfy=false", "tls_verfy"),
        ("smtp://mail.example.com?pool_size=0", "pool_size"),
        ("smtp://user:secret@mail.example.com?starttls=never", "clear text"),
    ])
    func badURLsAreRefusedWithAClearMessage(url: String, mentions: String) {
        #expect {
            _ = try SMTPSettings(url: url, from: "a@b.co")
        } throws: { error in
            let description = "\(error)"
            return description.contains(mentions) && description.contains("invalid SMTP settings") && !description.contains("secret")
        }
    }

    @Test(arguments: ["", "not-an-address", "a@", "@b.co", "two@@b.co", "Ann <ann@example.com", "ann@exa mple.com"])
    func badFromAddressesAreRefused(from: String) {
        #expect {
            _ = try SMTPSettings(url: "smtp://mail.example.com", from: from)
        } throws: { error in
            "\(error)".contains("From address")
        }
    }

    @Test func descriptionMasksThePassword() throws {
        let settings = try SMTPSettings(url: "smtp://ann:hunter2@mail.example.com:587", from: "a@b.co")
        #expect(settings.description == "smtp://ann:***@mail.example.com:587")
    }
}
