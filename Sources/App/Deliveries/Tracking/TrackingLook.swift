import Foundation

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
}
