/// Names, phone ranges and tags to make demo customers from several countries.
enum DemoPeople {
    struct Country: Sendable {
        let code: String
        let firstNames: [String]
        let lastNames: [String]
        /// A valid number from a person's index: unique per index within the country.
        let phone: @Sendable (Int) -> String
    }

    static let countries: [Country] = [
        Country(code: "US",
                firstNames: ["James", "Mary", "Joanna", "Robert", "Patricia", "Michael", "Jennifer", "Ann", "David", "Linda"],
                lastNames: ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Moore"],
                phone: { i in
                    let areas = [212, 312, 415, 646, 702, 305, 617, 206]
                    return "+1\(areas[i % areas.count])\(2_000_000 + (i / areas.count) % 8_000_000)"
                }),
        Country(code: "GB",
                firstNames: ["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily", "Hannah", "Thomas"],
                lastNames: ["Taylor", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Green", "Hall", "Wood"],
                phone: { i in "+447911" + pad(i % 1_000_000, 6) }),
        Country(code: "DE",
                firstNames: ["Lukas", "Mia", "Jonas", "Lea", "Leon", "Anna", "Finn", "Lena", "Paul", "Johanna"],
                lastNames: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann"],
                phone: { i in "+49151" + pad(i % 100_000_000, 8) }),
        Country(code: "FR",
                firstNames: ["Gabriel", "Louise", "Raphaël", "Jade", "Léo", "Chloé", "Hugo", "Inès", "Arthur", "Zoë"],
                lastNames: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"],
                phone: { i in "+336" + pad(i % 100_000_000, 8) }),
        Country(code: "ES",
                firstNames: ["Hugo", "Lucía", "Martín", "Sofía", "Pablo", "María", "Mateo", "Julia", "Álvaro", "Paula"],
                lastNames: ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz"],
                phone: { i in "+346" + pad(i % 100_000_000, 8) }),
        Country(code: "IN",
                firstNames: ["Aarav", "Ananya", "Vihaan", "Diya", "Arjun", "Saanvi", "Reyansh", "Aadhya", "Ishaan", "Kavya"],
                lastNames: ["Sharma", "Verma", "Patel", "Gupta", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Das"],
                phone: { i in "+9198" + pad(i % 100_000_000, 8) }),
    ]

    static let tags = ["vip", "wholesale", "newsletter", "b2b", "weekend", "corporate", "allergy-nuts", "late-payer"]
    static let companies = ["Acme Ltd", "Globex", "Initech", "Umbrella", "Stark Logistics", "Wayne Foods", "Hooli", "Vandelay Imports"]

    static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
