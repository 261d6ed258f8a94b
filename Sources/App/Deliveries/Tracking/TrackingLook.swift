import Crypto
import Foundation
import Vapor

/// How a courier's client wants its recipients' tracking pages to look: its name, colour, logo and a message.
struct TrackingLook: Sendable, Equatable {
    let clientName: String
    let brandColor: String?
    let logoURL: String?
    let message: String?

    init(clientName: String, settings: ClientSettings) {
        self.clientName = clientName
        brandColor = settings.brandColor
        logoURL = settings.logoURL
        message = settings.message
    }

    init(_ client: Client) {
        self.init(clientName: client.name, settings: client.settings)
    }

    /// The page's one inline stylesheet: the brand colour on the heading band and the status.
    var style: String? {
        guard let color = brandColor.flatMap(HexColor.normalize) else { return nil }
        let text = HexColor.textColor(on: color)
        return ".brand-band{background:\(color);color:\(text);padding:1rem;border-radius:.5rem}.brand-band h1{color:\(text)}"
            + ".status{border-left:.4rem solid \(color);padding-left:.6rem}"
    }

    /// Allows this look on `response`: its one inline stylesheet by hash, and a logo from any https host.
    func allow(on response: Response) {
        let styles = style.map { "'self' 'sha256-\(Data(SHA256.hash(data: Data(HTML.escape($0).utf8))).base64EncodedString())'" } ?? "'self'"
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: """
            default-src 'self'; script-src 'self'; style-src \(styles); img-src 'self' data: https:; form-action 'self'; frame-ancestors 'none'
            """)
    }
}
