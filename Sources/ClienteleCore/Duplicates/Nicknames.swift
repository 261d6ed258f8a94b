/// Common short forms of given names and the full name each stands for, so that "Bob Smith" and "Robert Smith" compare
/// as one name. A short form that stands for several names (Chris, Alex) maps to the most common one.
enum Nicknames {
    static func canonical(_ word: String) -> String { table[word] ?? word }

    private static let groups: [String: [String]] = [
        "robert": ["bob", "bobby", "rob", "robbie", "bert"],
        "william": ["bill", "billy", "will", "willy", "willie"],
        "elizabeth": ["liz", "lizzie", "lizzy", "beth", "betty", "eliza", "elisabeth", "elsa", "libby"],
        "katherine": ["kate", "katie", "kathy", "cathy", "catherine", "katharine", "kathryn", "kat", "caterina", "katia"],
        "james": ["jim", "jimmy", "jamie"],
        "michael": ["mike", "mikey", "mick", "mickey"],
        "giuseppe": ["beppe", "peppe", "pino", "peppino", "beppino"],
        "alexander": ["alex", "sasha", "sandro", "alessandro", "alejandro", "alexandre"],
        "thomas": ["tom", "tommy"],
        "richard": ["rick", "ricky", "dick", "rich", "richie"],
        "david": ["dave", "davey"],
        "daniel": ["dan", "danny"],
        "joseph": ["joe", "joey"],
        "christopher": ["chris", "kit"],
        "matthew": ["matt", "matty"],
        "nicholas": ["nick", "nicky", "nico"],
        "anthony": ["tony"],
        "andrew": ["andy", "drew"],
        "benjamin": ["ben", "benny"],
        "samuel": ["sam", "sammy"],
        "stephen": ["steve", "steven", "stevie"],
        "edward": ["ed", "eddie", "ted", "teddy", "ned"],
        "patrick": ["pat", "paddy"],
        "peter": ["pete"],
        "gregory": ["greg"],
        "john": ["johnny", "jack", "jackie"],
        "jennifer": ["jen", "jenny", "jenn"],
        "susan": ["sue", "susie", "suzy"],
        "margaret": ["maggie", "meg", "peggy", "madge"],
        "rebecca": ["becky", "becca"],
        "deborah": ["debbie", "deb", "debra"],
        "patricia": ["patty", "trish", "tricia"],
        "victoria": ["vicky", "tori"],
        "jessica": ["jess", "jessie"],
        "abigail": ["abby"],
        "charles": ["charlie", "chuck"],
        "frederick": ["fred", "freddie", "freddy"],
        "lawrence": ["larry"],
        "ronald": ["ron", "ronnie"],
        "donald": ["don", "donnie"],
        "timothy": ["tim", "timmy"],
        "kenneth": ["ken", "kenny"],
        "francesco": ["cecco", "checco", "franco"],
        "giovanni": ["gianni", "nanni", "vanni"],
        "luigi": ["gigi"],
        "salvatore": ["toto", "turi", "sal"],
        "antonio": ["toni", "nino", "antonino"],
        "vincenzo": ["enzo"],
        "jose": ["pepe"],
        "francisco": ["paco", "pancho", "frank"],
        "ignacio": ["nacho"],
        "johannes": ["hans"],
    ]

    private static let table: [String: String] = {
        var table: [String: String] = [:]
        for (full, shorts) in groups { for short in shorts { table[short] = full } }
        return table
    }()
}
