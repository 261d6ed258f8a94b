import Fluent
import SQLKit

extension User: RowDecodable {
    static func decode(row: any SQLRow) throws -> User {
        let user = User()
        let output = RowOutput(row: row)
        try user.$id.output(from: output)
        try user.$organization.output(from: output)
        try user.$email.output(from: output)
        try user.$name.output(from: output)
        try user.$role.output(from: output)
        try user.$passwordHash.output(from: output)
        try user.$disabled.output(from: output)
        try user.$lastLoginAt.output(from: output)
        try user.$clientID.output(from: output)
        try user.$createdAt.output(from: output)
        try user.$updatedAt.output(from: output)
        return user
    }
}
