/// OpenAPI schemas of loyalty points, rewards and gift cards.
enum LoyaltySchemas {
    typealias S = APISchemas

    static var program: JSONValue {
        S.object([
            "enabled": ["type": "boolean"],
            "points_per_unit": S.string("Points per 1.00 of the organization's currency: a decimal from 0 to 1000, at most 4 decimals"),
            "signup_bonus": ["type": "integer", "minimum": 0, "maximum": .int(LoyaltyProgram.maxBonus)],
            "birthday_bonus": ["type": "integer", "minimum": 0, "maximum": .int(LoyaltyProgram.maxBonus)],
            "expiry_days": ["type": "integer", "minimum": 1, "maximum": .int(LoyaltyProgram.maxExpiryDays), "nullable": true,
                            "description": "Days until earned and bonus points expire; null: never"],
            "point_value": S.string("What one point is worth when redeemed, in the organization's currency"),
        ], description: "The loyalty programme; fields not sent keep their value")
    }

    static var all: [String: JSONValue] {
        let uuid = S.string(format: "uuid")
        let nullableUUID = S.string(format: "uuid", nullable: true)
        let money = S.string("A decimal amount with two decimals, like 50.00")
        let maxPoints = JSONValue.int(LoyaltyProgram.maxPointsPerEntry)
        return [
            "LoyaltySummary": S.object([
                "balance": ["type": "integer"], "lifetime_earned": ["type": "integer"],
                "next_expiry": ["type": "object", "nullable": true,
                                "properties": ["points": ["type": "integer"], "expires_at": S.timestamp]],
            ], required: ["balance", "lifetime_earned", "next_expiry"]),
            "LoyaltyEntry": S.object([
                "id": uuid, "customer_id": nullableUUID,
                "kind": S.string(enumValues: LoyaltyEntryKind.allCases.map(\.rawValue)),
                "points": ["type": "integer"], "balance_after": ["type": "integer"], "reason": S.string(nullable: true),
                "order_id": nullableUUID, "reward_id": nullableUUID, "expires_at": S.string(format: "date-time", nullable: true),
                "actor": S.object(["type": S.string(enumValues: ["user", "system"]), "user_id": nullableUUID,
                                   "name": S.string(nullable: true)], required: ["type"]),
                "created_at": S.timestamp,
            ], required: ["id", "kind", "points", "balance_after", "reason", "order_id", "reward_id", "expires_at", "actor", "created_at"]),
            "LoyaltyEntryPage": S.page(of: "LoyaltyEntry"),
            "LoyaltyAdjustmentInput": S.object([
                "points": ["type": "integer", "minimum": .int(-LoyaltyProgram.maxPointsPerEntry), "maximum": maxPoints,
                           "description": "Not 0"],
                "reason": S.string(maxLength: 200),
            ], required: ["points", "reason"]),
            "LoyaltyRedemptionInput": S.object([
                "points": ["type": "integer", "minimum": 1, "maximum": maxPoints], "reward_id": uuid,
                "order_id": S.string(format: "uuid", nullable: true),
            ], description: "Either points or reward_id"),
            "RewardRedemption": S.object([
                "id": uuid, "reward_id": uuid, "name": S.string(nullable: true), "points": ["type": "integer"],
                "order_id": nullableUUID, "created_at": S.timestamp,
            ], required: ["id", "reward_id", "name", "points", "order_id", "created_at"]),
            "RewardRedemptionPage": S.page(of: "RewardRedemption"),
            "Reward": S.object([
                "id": uuid, "name": S.string(), "points_cost": ["type": "integer"], "active": ["type": "boolean"],
                "created_at": S.timestamp, "updated_at": S.timestamp,
            ], required: ["id", "name", "points_cost", "active", "created_at", "updated_at"]),
            "RewardPage": S.page(of: "Reward"),
            "RewardCreate": S.object([
                "name": S.string(maxLength: 200), "points_cost": ["type": "integer", "minimum": 1, "maximum": maxPoints],
                "active": ["type": "boolean"],
            ], required: ["name", "points_cost"]),
            "RewardUpdate": S.object([
                "name": S.string(maxLength: 200), "points_cost": ["type": "integer", "minimum": 1, "maximum": maxPoints],
                "active": ["type": "boolean"],
            ]),
            "GiftCard": S.object([
                "id": uuid, "code": S.string("The full code: only in the answer that issued the card", nullable: true),
                "code_last4": S.string(), "initial_balance": money, "balance": money, "currency": S.string(),
                "status": S.string(enumValues: GiftCardStatus.allCases.map(\.rawValue)), "customer_id": nullableUUID,
                "expires_on": S.string(format: "date", nullable: true), "note": S.string(nullable: true),
                "disabled_at": S.string(format: "date-time", nullable: true), "created_at": S.timestamp, "updated_at": S.timestamp,
                "history": ["type": "array", "items": S.ref("GiftCardTransaction")],
            ], required: ["id", "code", "code_last4", "initial_balance", "balance", "currency", "status", "customer_id", "expires_on",
                          "created_at"]),
            "GiftCardPage": S.page(of: "GiftCard"),
            "GiftCardTransaction": S.object([
                "id": uuid, "kind": S.string(enumValues: ["issue", "redeem", "disable"]), "amount": money, "balance_after": money,
                "order_id": nullableUUID,
                "actor": S.object(["user_id": nullableUUID, "name": S.string(nullable: true)]), "created_at": S.timestamp,
            ], required: ["id", "kind", "amount", "balance_after", "order_id", "actor", "created_at"]),
            "GiftCardCreate": S.object([
                "initial_balance": money, "customer_id": nullableUUID, "expires_on": S.string(format: "date", nullable: true),
                "note": S.string(maxLength: 500, nullable: true),
            ], required: ["initial_balance"]),
            "GiftCardRedemptionInput": S.object(["amount": money, "order_id": nullableUUID], required: ["amount"]),
            "GiftCardLookup": S.object(["code": S.string("16 letters and digits; case, spaces and dashes ignored", maxLength: 64)],
                                       required: ["code"]),
        ]
    }
}
