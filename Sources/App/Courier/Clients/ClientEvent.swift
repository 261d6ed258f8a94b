import Fluent
import Vapor

/// One step of a client's life (`client_events`): created, invited, accepted, changed, email confirmed, deleted.
final class ClientEvent: Model, @unchecked Sendable {
    static let schema = "client_events"

    enum Kind: String, Sendable {
        case created, invited, accepted, updated, deleted
        case emailChangeRequested = "email_change_requested"
        case emailConfirmed = "email_confirmed"
        case settingsChanged = "settings_changed"
    }

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "seq") var seq: Int?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "client_id") var clientID: UUID
    @Field(key: "kind") var kind: String
    /// A JSON object of what changed.
    @Field(key: "details") var details: String
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @OptionalField(key: "actor_name") var actorName: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ kind: Kind, client: Client, details: [String: JSONValue], actor: Actor?, at date: Date = Date()) {
        id = UUID.timeOrdered()
        organizationID = client.organizationID
        clientID = client.id!
        self.kind = kind.rawValue
        self.details = (try? CustomerTimeline.detailsJSON(details)) ?? "{}"
        actorUserID = actor?.userID
        actorName = actor?.name
        createdAt = date
    }

    struct Public: Content {
        let id: UUID
        let kind: String
        let details: JSONValue
        @NullEncoded var actorUserId: UUID?
        @NullEncoded var actorName: String?
        let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, kind, details
            case actorUserId = "actor_user_id", actorName = "actor_name", createdAt = "created_at"
        }

        init(_ event: ClientEvent) {
            id = event.id!
            kind = event.kind
            details = (try? JSONDecoder().decode(JSONValue.self, from: Data(event.details.utf8))) ?? .object([:])
            actorUserId = event.actorUserID
            actorName = event.actorName
            createdAt = event.createdAt
        }
    }
}

extension ClientEvent: TenantModel {}
