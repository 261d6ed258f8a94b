import Fluent
import Vapor

/// One piece of delivery work (`tasks`): pickup, delivery, cash collection or drop, or a job grouping them.
final class DeliveryTask: Model, @unchecked Sendable {
    static let schema = "tasks"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "seq") var seq: Int?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "type") var type: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @OptionalField(key: "order_id") var orderID: UUID?
    @OptionalField(key: "customer_id") var customerID: UUID?
    /// JSON `TaskLocation`s: copies, so that a later change of the address book leaves the task alone.
    @OptionalField(key: "pickup") var pickupJSON: String?
    @OptionalField(key: "dropoff") var dropoffJSON: String?
    @OptionalField(key: "pickup_after") var pickupAfter: Date?
    @OptionalField(key: "pickup_before") var pickupBefore: Date?
    @OptionalField(key: "dropoff_after") var dropoffAfter: Date?
    @OptionalField(key: "dropoff_before") var dropoffBefore: Date?
    @OptionalField(key: "agent_id") var agentID: UUID?
    /// The team the task is given to (a courier's `teams`).
    @OptionalField(key: "team_id") var teamID: UUID?
    /// The courier's business client whose order this task serves.
    @OptionalField(key: "client_id") var clientID: UUID?
    @OptionalField(key: "amount_minor") var amountMinor: Int64?
    @OptionalField(key: "currency") var currency: String?
    @OptionalField(key: "payment_method") var paymentMethod: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "notes") var notes: String?
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "completed_at") var completedAt: Date?
    @Field(key: "version") var version: Int
    /// The unguessable part of the task's public tracking link (`/track/{code}`).
    @OptionalField(key: "tracking_code") var trackingCode: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

extension DeliveryTask: TenantModel {}

extension DeliveryTask {
    /// The code of a new task's tracking link: 20 random characters, 100 bits.
    static func newTrackingCode() -> String { RandomCode.make(length: 20) }
}

/// A status move of a task: who, when, from what to what, and why.
final class TaskTransition: Model, @unchecked Sendable {
    static let schema = "task_transitions"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "task_id") var taskID: UUID
    @Field(key: "from_status") var fromStatus: String
    @Field(key: "to_status") var toStatus: String
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @OptionalField(key: "actor_name") var actorName: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

extension TaskTransition: TenantModel {}
