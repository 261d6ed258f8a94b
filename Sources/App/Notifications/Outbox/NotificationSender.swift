/// Hands one notification to its provider.
protocol NotificationSender: Sendable {
    func send(_ notification: ClaimedNotification) async -> DeliveryOutcome
    func shutdown() async
}
