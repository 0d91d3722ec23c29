import Foundation
import PeerwayCore
@testable import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// `PersonRecords.reachPredicate` is the SQL form of the policy's reach rule, written separately so a
/// search is one indexed query. Generated organizations (programs, staff with supervisors, people
/// with intakes, episodes, current and past assignments and contacts) are written into a real
/// database, and for generated actors the predicate must select exactly the people the policy lets
/// them read. The expected scope is computed here from the generated facts, not by the store.
@Suite("Reach predicate agrees with the access policy (property-based)")
struct ReachPredicatePropertyTests {
    struct Episode {
        var id: UUID
        var programID: UUID
        var assignments: [(peerID: UUID, current: Bool)]
    }

    struct Someone {
        var id: UUID
        var organizationID: UUID
        var intakeProgramID: UUID?
        var createdBy: UUID?
        var episodes: [Episode]
        var contacts: [(programID: UUID, loggedBy: UUID)]
    }

    struct World {
        var organizationID: UUID
        var otherOrganizationID: UUID
        var programs: [UUID]
        var staff: [UUID]
        var supervisorOf: [UUID: UUID]
        var people: [Someone]

        /// The facts the policy decides on, from the generated rows alone.
        func scope(_ p: Someone) -> ParticipantScope {
            var programs = Set(p.episodes.map(\.programID)).union(p.contacts.map(\.programID))
            if let intake = p.intakeProgramID { programs.insert(intake) }
            let peers = Set(p.episodes.flatMap { $0.assignments.filter(\.current).map(\.peerID) })
            var loggers = Set(p.contacts.map(\.loggedBy))
            if let creator = p.createdBy { loggers.insert(creator) }
            let supervisors = Set(peers.union(loggers).compactMap { supervisorOf[$0] })
            return ParticipantScope(organizationID: p.organizationID, programIDs: programs, assignedPeerIDs: peers,
                                    contactLoggedByIDs: loggers, supervisorIDs: supervisors)
        }
    }

    static func subset<T>(_ items: [T], _ chance: Double, _ rng: inout SeededGenerator) -> [T] {
        items.filter { _ in Double.random(in: 0..<1, using: &rng) < chance }
    }

    static func maybe<T>(_ chance: Double, _ rng: inout SeededGenerator, _ make: (inout SeededGenerator) -> T) -> T? {
        Double.random(in: 0..<1, using: &rng) < chance ? make(&rng) : nil
    }

    static func world(_ rng: inout SeededGenerator) -> World {
        let org = rng.uuid(), other = rng.uuid()
        let programs = (0..<Int.random(in: 1...4, using: &rng)).map { _ in rng.uuid() }
        let staff = (0..<Int.random(in: 2...7, using: &rng)).map { _ in rng.uuid() }
        var supervisorOf: [UUID: UUID] = [:]
        for user in staff {
            if let boss = maybe(0.6, &rng, { $0.pick(staff) }), boss != user { supervisorOf[user] = boss }
        }
        let people = (0..<Int.random(in: 4...14, using: &rng)).map { _ -> Someone in
            // Now and then someone of another organization, whose rows name this one's staff and programs.
            let inOther = Double.random(in: 0..<1, using: &rng) < 0.15
            let episodes = subset(programs, 0.35, &rng).map { program in
                Episode(id: rng.uuid(), programID: program, assignments: (0..<Int.random(in: 0...2, using: &rng)).map { _ in
                    (rng.pick(staff), Bool.random(using: &rng))
                })
            }
            let contacts = (0..<Int.random(in: 0...2, using: &rng)).map { _ in (rng.pick(programs), rng.pick(staff)) }
            return Someone(id: rng.uuid(), organizationID: inOther ? other : org, intakeProgramID: maybe(0.6, &rng) { $0.pick(programs) },
                           createdBy: maybe(0.7, &rng) { $0.pick(staff) }, episodes: episodes, contacts: contacts)
        }
        return World(organizationID: org, otherOrganizationID: other, programs: programs, staff: staff, supervisorOf: supervisorOf, people: people)
    }

    static func actor(in world: World, _ rng: inout SeededGenerator) -> Actor {
        // Mostly someone of the staff, now and then a stranger to every row.
        let user = maybe(0.85, &rng) { $0.pick(world.staff) } ?? rng.uuid()
        return Actor(userID: user, organizationID: world.organizationID, roles: Set(subset(Role.allCases, 0.35, &rng)),
                     programIDs: Set(subset(world.programs, 0.5, &rng)))
    }

    static func write(_ world: World, on conn: Connection) async throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        for org in [world.organizationID, world.otherOrganizationID] {
            try await conn.sql.raw("""
                INSERT INTO organizations (id, parent_id, name, kind, active, created_at, updated_at, version)
                VALUES (\(bind: org), NULL, 'Org', 'provider', \(bind: true), \(bind: now), \(bind: now), 1)
                """).run()
        }
        for program in world.programs {
            try await conn.sql.raw("""
                INSERT INTO programs (id, organization_id, name, description, model, default_length_days, review_frequency_days, active,
                    created_at, updated_at, version)
                VALUES (\(bind: program), \(bind: world.organizationID), 'Program', '', 'long_term', NULL, 90, \(bind: true),
                    \(bind: now), \(bind: now), 1)
                """).run()
        }
        for user in world.staff {
            try await conn.sql.raw("""
                INSERT INTO users (id, organization_id, email, display_name, password_hash, totp_secret, totp_enabled, supervisor_id,
                    disabled, locale, created_at, updated_at, version)
                VALUES (\(bind: user), \(bind: world.organizationID), \(bind: "\(user.text)@example.org"), 'Staff', 'x',
                    NULL, \(bind: false), NULL, \(bind: false), 'en', \(bind: now), \(bind: now), 1)
                """).run()
        }
        for (user, boss) in world.supervisorOf {
            try await conn.sql.raw("UPDATE users SET supervisor_id = \(bind: boss) WHERE id = \(bind: user)").run()
        }
        for p in world.people {
            try await conn.sql.raw("""
                INSERT INTO persons (id, organization_id, kind, intake_program_id, legal_given_name, legal_family_name, preferred_name,
                    pronouns, phone_digits, sort_name, details, created_by, created_at, updated_at, version)
                VALUES (\(bind: p.id), \(bind: p.organizationID), 'participant', \(bind: p.intakeProgramID), 'Given', 'Family', '', '', '',
                    'family given', '{}', \(bind: p.createdBy), \(bind: now), \(bind: now), 1)
                """).run()
            for e in p.episodes {
                try await conn.sql.raw("""
                    INSERT INTO episodes (id, organization_id, program_id, person_id, enrolled_on, goals, discharge_summary, is_open,
                        created_at, updated_at, version)
                    VALUES (\(bind: e.id), \(bind: p.organizationID), \(bind: e.programID), \(bind: p.id), '2026-01-05', '', '',
                        \(bind: true), \(bind: now), \(bind: now), 1)
                    """).run()
                for a in e.assignments {
                    try await conn.sql.raw("""
                        INSERT INTO assignments (id, organization_id, episode_id, person_id, peer_id, is_current, started_at, assigned_by, reason)
                        VALUES (\(bind: UUID()), \(bind: p.organizationID), \(bind: e.id), \(bind: p.id), \(bind: a.peerID),
                            \(bind: a.current), \(bind: now), \(bind: a.peerID), '')
                        """).run()
                }
            }
            for c in p.contacts {
                try await conn.sql.raw("""
                    INSERT INTO contacts (id, organization_id, program_id, person_id, occurred_at, source, made_by, method, setting, note,
                        logged_by, created_at)
                    VALUES (\(bind: UUID()), \(bind: p.organizationID), \(bind: c.programID), \(bind: p.id), \(bind: now), 'self', 'person',
                        'phone', 'office', '', \(bind: c.loggedBy), \(bind: now))
                    """).run()
            }
        }
    }

    @Test("the SQL reach predicate selects exactly whom the policy lets an actor read", arguments: TestEngine.available)
    func agrees(engine: TestEngine) async throws {
        let test = try await TestDatabase.make(engine)
        do {
            var rng = SeededGenerator(seed: 0x5EED_0010)
            var worlds: [World] = []
            for _ in 0..<10 { worlds.append(Self.world(&rng)) }
            let all = worlds
            try await test.db.write { conn in
                for world in all { try await Self.write(world, on: conn) }
            }
            var checked = 0, reachedSome = 0, reachedNone = 0, listedActors = 0
            var failures: [String] = []
            for world in worlds {
                for _ in 0..<25 {
                    let actor = Self.actor(in: world, &rng)
                    let expected = Set(world.people.filter {
                        AccessPolicy.decide(actor, .read, .participant(world.scope($0))) == .allow
                    }.map(\.id))
                    let predicate = PersonRecords.reachPredicate(actor)
                    let selected = try await test.db.read { conn in
                        try await conn.sql.raw("""
                            SELECT p.id FROM persons p WHERE p.organization_id = \(bind: actor.organizationID) AND \(predicate)
                            """).all().map { try $0.decode(column: "id", as: UUID.self) }
                    }
                    // The short list a peer's or supervisor's search starts from selects the same people.
                    if let reach = PersonRecords.reachSet(actor) {
                        let listed = try await test.db.read { conn in
                            try await conn.sql.raw("""
                                SELECT p.id FROM persons p WHERE p.organization_id = \(bind: actor.organizationID) AND p.id IN (\(reach))
                                """).all().map { try $0.decode(column: "id", as: UUID.self) }
                        }
                        if Set(listed) != expected { failures.append("reach list, roles \(actor.roles.map(\.rawValue).sorted()): differs") }
                        listedActors += 1
                    }
                    if Set(selected) != expected {
                        failures.append("roles \(actor.roles.map(\.rawValue).sorted()) programs \(actor.programIDs.count): "
                                        + "SQL only \(Set(selected).subtracting(expected).count), policy only \(expected.subtracting(selected).count)")
                    }
                    checked += 1
                    if expected.isEmpty { reachedNone += 1 } else { reachedSome += 1 }
                }
            }
            #expect(failures.isEmpty, "\(failures.count) of \(checked) actors differ:\n\(failures.joined(separator: "\n"))")
            // The generated cases are worth checking: many actors reach someone, many reach no one.
            #expect(reachedSome > checked / 5 && reachedNone > checked / 10, "reached some \(reachedSome), none \(reachedNone) of \(checked)")
            #expect(listedActors > checked / 5, "only \(listedActors) of \(checked) actors have a short reach list")
        } catch {
            await test.close()
            throw error
        }
        await test.close()
    }
}
