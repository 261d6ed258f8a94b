import Fluent
import Vapor

/// Saved segments of one organization: create, change, delete, and their live counts. Admins and dispatchers.
struct SegmentService {
    let database: any Database
    let access: CustomerAccess
    let timezone: TimeZone

    static func make(for req: Request) async throws -> SegmentService {
        let principal = try req.principal
        try principal.require(.useSegments)
        let access = try CustomerAccess(principal)
        let organization = try await req.organization(access.tenant.organizationID)
        return SegmentService(database: req.database, access: access,
                              timezone: TimeZone(identifier: organization?.timezone ?? "UTC") ?? .gmt)
    }

    func require(_ id: UUID) async throws -> Segment {
        try await access.tenant.require(Segment.self, id: id, on: database, what: "segment")
    }

    func list(page: PageRequest) async throws -> (segments: [Segment], total: Int) {
        let query = access.tenant.query(Segment.self, on: database)
        let total = try await query.copy().count()
        let items = try await query.sort(\.$nameKey).sort(\.$id).range(page.offset..<(page.offset + page.perPage)).all()
        return (items, total)
    }

    /// A page of segments, each with how many customers it matches now.
    func listWithCounts(page: PageRequest) async throws -> (segments: [(segment: Segment, count: Int)], total: Int) {
        let (segments, total) = try await list(page: page)
        var counted: [(segment: Segment, count: Int)] = []
        for segment in segments { counted.append((segment, try await count(segment))) }
        return (counted, total)
    }

    /// How many customers the segment matches now.
    func count(_ segment: Segment) async throws -> Int {
        try await CustomerSearch(database: database, access: access)
            .exactCount(try segment.filters.parameters(timezone: timezone))
    }

    func create(_ input: Segment.Input) async throws -> Segment {
        let segment = Segment()
        segment.id = UUID.timeOrdered()
        segment.organizationID = access.tenant.organizationID
        segment.createdByID = access.principal.userID
        try apply(input, to: segment, isCreate: true)
        segment.createdAt = Date()
        segment.updatedAt = segment.createdAt
        try await save(segment, isCreate: true)
        return segment
    }

    func update(_ segment: Segment, with input: Segment.Input) async throws -> Segment {
        try apply(input, to: segment, isCreate: false)
        if segment.hasChanges {
            segment.updatedAt = Date()
            try await save(segment, isCreate: false)
        }
        return segment
    }

    func delete(_ segment: Segment) async throws {
        try await segment.delete(on: database)
    }

    private func apply(_ input: Segment.Input, to segment: Segment, isCreate: Bool) throws {
        var v = Validator()
        if let name = v.text(input.name, "name", required: isCreate, max: 100) {
            segment.name = name
            segment.nameKey = Segment.nameKey(name)
        }
        var filters: SegmentFilters?
        switch input.filters {
        case nil: if isCreate { filters = SegmentFilters(values: [:]) }
        case let given?:
            do { filters = try SegmentFilters(input: given, timezone: timezone) } catch let problem as Problem {
                for error in problem.errors ?? [] { v.add(error.field, error.message) }
            }
        }
        try v.check()
        if let filters { segment.filtersJSON = filters.storedJSON }
    }

    /// Saved, or 409 when the organization has a segment of that name already (the unique index decides).
    private func save(_ segment: Segment, isCreate: Bool) async throws {
        let taken = try await access.tenant.query(Segment.self, on: database)
            .filter(\.$nameKey == segment.nameKey).filter(\.$id != segment.id!).first()
        if taken != nil { throw Problem.conflict("A segment with this name exists already", field: "name") }
        do {
            if isCreate { try await segment.create(on: database) } else { try await segment.save(on: database) }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("A segment with this name exists already", field: "name")
        }
    }
}
