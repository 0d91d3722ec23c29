import Foundation
import PeerwayCore
import SQLKit

/// People (participants and their family and friends), their name index, and who may reach them.
public enum PersonRecords {
    public static func insert(_ p: Person, createdBy: UUID?, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO persons (id, organization_id, kind, intake_program_id, related_participant_id, relationship, legal_given_name, legal_family_name,
                preferred_name, pronouns, date_of_birth, phone_digits, sort_name, details, merged_into_id, created_by, created_at,
                updated_at, version)
            VALUES (\(bind: p.id), \(bind: p.organizationID), \(bind: p.kind.rawValue), \(bind: p.intakeProgramID), \(bind: p.relatedParticipantID),
                \(bind: p.relationship?.rawValue), \(bind: p.legalGivenName), \(bind: p.legalFamilyName), \(bind: p.preferredName),
                \(bind: p.pronouns), \(bind: p.dateOfBirth?.description), \(bind: NameSearch.phoneDigits(p.details.phone)),
                \(bind: sortName(p)), \(bind: try StoredJSON.text(p.details)), \(bind: p.mergedIntoID), \(bind: createdBy),
                \(bind: p.createdAt), \(bind: p.updatedAt), \(bind: p.version))
            """).run()
        try await replaceNames(p, on: conn)
    }

    /// Saves every field if the stored version is still `expectedVersion`.
    public static func update(_ p: Person, expectedVersion: Int, on conn: Connection) async throws -> Person {
        var next = p
        next.version = expectedVersion + 1
        try await conn.updateVersioned("""
            UPDATE persons SET kind = \(bind: p.kind.rawValue), related_participant_id = \(bind: p.relatedParticipantID),
                relationship = \(bind: p.relationship?.rawValue), legal_given_name = \(bind: p.legalGivenName),
                legal_family_name = \(bind: p.legalFamilyName), preferred_name = \(bind: p.preferredName), pronouns = \(bind: p.pronouns),
                date_of_birth = \(bind: p.dateOfBirth?.description), phone_digits = \(bind: NameSearch.phoneDigits(p.details.phone)),
                sort_name = \(bind: sortName(p)), details = \(bind: try StoredJSON.text(p.details)),
                merged_into_id = \(bind: p.mergedIntoID), updated_at = \(bind: p.updatedAt), version = \(bind: next.version)
            WHERE id = \(bind: p.id) AND version = \(bind: expectedVersion) RETURNING id
            """)
        try await replaceNames(p, on: conn)
        return next
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> Person? {
        try await conn.sql.raw("SELECT * FROM persons WHERE id = \(bind: id)").all().first.map(decode)
    }

    public static func get(ids: [UUID], on conn: Connection) async throws -> [UUID: Person] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await conn.sql.select().column("*").from("persons").where("id", .in, Array(Set(ids))).all()
        return Dictionary(uniqueKeysWithValues: try rows.map(decode).map { ($0.id, $0) })
    }

    /// Family members and friends linked to a participant.
    public static func supportPeople(of id: UUID, on conn: Connection) async throws -> [Person] {
        try await conn.sql.raw("SELECT * FROM persons WHERE related_participant_id = \(bind: id) AND merged_into_id IS NULL ORDER BY sort_name")
            .all().map(decode)
    }

    /// Whose record this is, in the terms the access policy decides on: the programs where the person
    /// has an episode or a contact, the peers currently assigned, who logged contacts, and their supervisors.
    public static func scope(of id: UUID, organizationID: UUID, on conn: Connection) async throws -> ParticipantScope {
        try await scopes(of: [id: organizationID], on: conn)[id]
            ?? ParticipantScope(organizationID: organizationID, programIDs: [], assignedPeerIDs: [], supervisorIDs: [])
    }

    /// The scopes of many people in one statement (a list page must not ask once per line).
    /// `people` maps each person to their organization.
    public static func scopes(of people: [UUID: UUID], on conn: Connection) async throws -> [UUID: ParticipantScope] {
        guard !people.isEmpty else { return [:] }
        let ids = SQLGroupExpression(SQLList(people.keys.map { SQLBind($0) }))
        let rows = try await conn.sql.raw("""
            SELECT id AS pid, 'program' AS k, intake_program_id AS v FROM persons WHERE id IN \(ids) AND intake_program_id IS NOT NULL
            UNION SELECT id, 'logger', created_by FROM persons WHERE id IN \(ids) AND created_by IS NOT NULL
            UNION SELECT p.id, 'supervisor', u.supervisor_id FROM persons p JOIN users u ON u.id = p.created_by
                WHERE p.id IN \(ids) AND u.supervisor_id IS NOT NULL
            UNION SELECT person_id, 'program', program_id FROM episodes WHERE person_id IN \(ids)
            UNION SELECT person_id, 'program', program_id FROM contacts WHERE person_id IN \(ids)
            UNION SELECT person_id, 'peer', peer_id FROM assignments WHERE person_id IN \(ids) AND is_current = \(bind: true)
            UNION SELECT person_id, 'logger', logged_by FROM contacts WHERE person_id IN \(ids)
            UNION SELECT a.person_id, 'supervisor', u.supervisor_id FROM assignments a JOIN users u ON u.id = a.peer_id
                WHERE a.person_id IN \(ids) AND a.is_current = \(bind: true) AND u.supervisor_id IS NOT NULL
            UNION SELECT c.person_id, 'supervisor', u.supervisor_id FROM contacts c JOIN users u ON u.id = c.logged_by
                WHERE c.person_id IN \(ids) AND u.supervisor_id IS NOT NULL
            """).all()
        var sets: [UUID: [String: Set<UUID>]] = [:]
        for row in rows {
            sets[try row.uuid("pid"), default: [:]][try row.string("k"), default: []].insert(try row.uuid("v"))
        }
        // A support person is reached through the participant they are linked to.
        return Dictionary(uniqueKeysWithValues: people.map { person, organization in
            let found = sets[person] ?? [:]
            return (person, ParticipantScope(organizationID: organization, programIDs: found["program"] ?? [], assignedPeerIDs: found["peer"] ?? [],
                                             contactLoggedByIDs: found["logger"] ?? [], supervisorIDs: found["supervisor"] ?? []))
        })
    }

    // MARK: - Search

    /// Which people an actor may find: the SQL form of `AccessPolicy.canReach`, so a search never
    /// returns a row the policy would refuse (each result is still checked against the policy).
    /// `ReachPredicatePropertyTests` checks on generated data that the two select the same people.
    static func reachPredicate(_ actor: Actor) -> SQLQueryString {
        var clauses: [SQLQueryString] = []
        let me = actor.userID
        if actor.isClinical {
            clauses.append("p.created_by = \(bind: me)")
            clauses.append("EXISTS (SELECT 1 FROM contacts c WHERE c.person_id = p.id AND c.logged_by = \(bind: me))")
        }
        if actor.has(.peerSpecialist) {
            clauses.append("EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = p.id AND a.peer_id = \(bind: me) AND a.is_current = \(bind: true))")
        }
        if actor.has(.supervisor) {
            clauses.append("""
                EXISTS (SELECT 1 FROM assignments a JOIN users u ON u.id = a.peer_id
                        WHERE a.person_id = p.id AND a.is_current = \(bind: true) AND u.supervisor_id = \(bind: me))
                """)
            clauses.append("""
                EXISTS (SELECT 1 FROM contacts c JOIN users u ON u.id = c.logged_by
                        WHERE c.person_id = p.id AND u.supervisor_id = \(bind: me))
                """)
            clauses.append("EXISTS (SELECT 1 FROM users u WHERE u.id = p.created_by AND u.supervisor_id = \(bind: me))")
        }
        if actor.has(.programManager), !actor.programIDs.isEmpty {
            let list = SQLList(actor.programIDs.sorted { $0.uuidString < $1.uuidString }.map { SQLBind($0) })
            clauses.append("p.intake_program_id IN (\(list))")
            clauses.append("EXISTS (SELECT 1 FROM episodes e WHERE e.person_id = p.id AND e.program_id IN (\(list)))")
            clauses.append("EXISTS (SELECT 1 FROM contacts c WHERE c.person_id = p.id AND c.program_id IN (\(list)))")
        }
        guard !clauses.isEmpty else { return "1 = 0" }
        return "(\(clauses.joined(separator: " OR ")))"
    }

    /// The people an actor reaches, as one list of ids, when that list is short: a peer's or a
    /// supervisor's reach is their caseloads and the people they or their team took in, a few hundred at
    /// most. A program manager's reach is their whole program, so there is none (nil): the name index
    /// narrows first instead. Selects exactly whom `reachPredicate` selects (a property test checks it).
    static func reachSet(_ actor: Actor) -> SQLQueryString? {
        guard !(actor.has(.programManager) && !actor.programIDs.isEmpty) else { return nil }
        var parts: [SQLQueryString] = []
        let me = actor.userID
        if actor.isClinical {
            parts.append("SELECT id FROM persons WHERE created_by = \(bind: me)")
            parts.append("SELECT person_id FROM contacts WHERE logged_by = \(bind: me)")
        }
        if actor.has(.peerSpecialist) {
            parts.append("SELECT person_id FROM assignments WHERE peer_id = \(bind: me) AND is_current = \(bind: true)")
        }
        if actor.has(.supervisor) {
            parts.append("""
                SELECT a.person_id FROM assignments a JOIN users u ON u.id = a.peer_id WHERE a.is_current = \(bind: true) AND u.supervisor_id = \(bind: me)
                """)
            parts.append("SELECT c.person_id FROM contacts c JOIN users u ON u.id = c.logged_by WHERE u.supervisor_id = \(bind: me)")
            parts.append("SELECT p2.id FROM persons p2 JOIN users u ON u.id = p2.created_by WHERE u.supervisor_id = \(bind: me)")
        }
        guard !parts.isEmpty else { return nil }
        return parts.joined(separator: " UNION ")
    }

    /// People matching a search box, by name words (prefixes), date of birth or phone number, among
    /// those the actor may reach; merged records are left out.
    public static func search(_ query: NameSearch.Query, actor: Actor, limit: Int, on conn: Connection) async throws -> [Person] {
        let org = actor.organizationID
        var sql: SQLQueryString = "SELECT p.* FROM persons p WHERE p.merged_into_id IS NULL AND "
        switch query {
        case .empty:
            return []
        case .dateOfBirth(let date):
            sql.appendInterpolation("p.organization_id = \(bind: org) AND p.date_of_birth = \(bind: date.description)" as SQLQueryString)
        case .phone(let digits):
            sql.appendInterpolation("p.organization_id = \(bind: org) AND p.phone_digits = \(bind: digits)" as SQLQueryString)
        case .name(let tokens):
            // A short prefix ("jam") matches thousands of name words. Where the actor's reach is a short
            // list, it leads and each of its people is checked for the words; otherwise the name index
            // leads and each match is checked against the reach.
            if let reach = reachSet(actor) {
                sql.appendInterpolation("p.id IN (\(reach))" as SQLQueryString)
                for token in tokens {
                    sql.appendInterpolation("""
                         AND EXISTS (SELECT 1 FROM person_names n WHERE n.person_id = p.id AND n.organization_id = \(bind: org)
                                     AND n.token >= \(bind: token) AND n.token < \(bind: token + "\u{10FFFF}"))
                        """ as SQLQueryString)
                }
                sql.appendInterpolation(" ORDER BY lower(p.sort_name), p.id LIMIT \(bind: limit)" as SQLQueryString)
                return try await conn.sql.raw(sql).all().map(decode)
            }
            // The organization is checked through the name rows, which carry their person's. A test of
            // p.organization_id here would tempt SQLite to walk every person of the organization rather
            // than look up the few whose names match.
            // A range, not LIKE: it uses the (organization_id, token) key on both engines.
            sql.appendInterpolation(tokens.map { token -> SQLQueryString in """
                p.id IN (SELECT n.person_id FROM person_names n WHERE n.organization_id = \(bind: org)
                         AND n.token >= \(bind: token) AND n.token < \(bind: token + "\u{10FFFF}"))
                """ }.joined(separator: " AND "))
        }
        sql.appendInterpolation(unsafeRaw: " AND ")
        sql.appendInterpolation(reachPredicate(actor))
        // Ordered by an expression (lower() changes nothing: sort_name is folded already), so no index
        // can supply the order and the planner picks the one that narrows the rows.
        sql.appendInterpolation(" ORDER BY lower(p.sort_name), p.id LIMIT \(bind: limit)" as SQLQueryString)
        return try await conn.sql.raw(sql).all().map(decode)
    }

    /// Records that may be the same person as `person`: same date of birth, same phone, or a shared
    /// family-name word. Core decides which are plausible.
    public static func duplicateCandidates(of person: Person, on conn: Connection) async throws -> [Person] {
        let org = person.organizationID
        // Each alternative names the organization itself, so each is an index lookup (SQLite's multi-index
        // OR) instead of one walk through every person of the organization.
        var sql: SQLQueryString = "SELECT p.* FROM persons p WHERE p.id <> \(bind: person.id) AND p.merged_into_id IS NULL AND ("
        var parts: [SQLQueryString] = []
        if let dob = person.dateOfBirth { parts.append("(p.organization_id = \(bind: org) AND p.date_of_birth = \(bind: dob.description))") }
        let digits = NameSearch.phoneDigits(person.details.phone)
        if !digits.isEmpty { parts.append("(p.organization_id = \(bind: org) AND p.phone_digits = \(bind: digits))") }
        for token in NameSearch.tokens(of: person.legalFamilyName).prefix(3) {
            parts.append("p.id IN (SELECT n.person_id FROM person_names n WHERE n.organization_id = \(bind: org) AND n.token = \(bind: token))")
        }
        guard !parts.isEmpty else { return [] }
        sql.appendInterpolation(parts.joined(separator: " OR "))
        sql.appendInterpolation(") ORDER BY lower(p.sort_name) LIMIT 200" as SQLQueryString)
        return try await conn.sql.raw(sql).all().map(decode)
    }

    /// A family name and a date of birth from the middle of the data set, for benchmarks to search for.
    public static func sampleQueries(on conn: Connection) async throws -> (familyName: String, dateOfBirth: String)? {
        let total = try await conn.sql.raw("SELECT COUNT(*) AS n FROM persons").all().first?.int("n") ?? 0
        guard total > 0 else { return nil }
        let row = try await conn.sql.raw("""
            SELECT legal_family_name, date_of_birth FROM persons WHERE date_of_birth IS NOT NULL ORDER BY id LIMIT 1 OFFSET \(bind: total / 2)
            """).all().first
        guard let row else { return nil }
        return (try row.string("legal_family_name"), try row.optionalString("date_of_birth") ?? "")
    }

    public static func count(organizationID: UUID, on conn: Connection) async throws -> Int {
        try await conn.sql.raw("SELECT COUNT(*) AS n FROM persons WHERE organization_id = \(bind: organizationID)").all().first?.int("n") ?? 0
    }

    // MARK: - Rows

    /// Family name first, then given names, folded; the id makes it unique so keyset paging never skips.
    static func sortName(_ p: Person) -> String {
        let name = NameSearch.tokens(of: "\(p.legalFamilyName) \(p.legalGivenName) \(p.preferredName)").joined(separator: " ")
        return "\(name) \(p.id.text)"
    }

    static func replaceNames(_ p: Person, on conn: Connection) async throws {
        try await conn.sql.raw("DELETE FROM person_names WHERE person_id = \(bind: p.id)").run()
        for token in p.nameTokens {
            try await conn.sql.raw("INSERT INTO person_names (organization_id, token, person_id) VALUES (\(bind: p.organizationID), \(bind: token), \(bind: p.id))").run()
        }
    }

    static func decode(_ row: any SQLRow) throws -> Person {
        let details = try StoredJSON.decode(PersonDetails.self, try row.string("details"))
        return Person(
            id: try row.uuid("id"), organizationID: try row.uuid("organization_id"),
            kind: PersonKind(rawValue: try row.string("kind")) ?? .participant,
            intakeProgramID: try row.optionalUUID("intake_program_id"),
            relatedParticipantID: try row.optionalUUID("related_participant_id"),
            relationship: try row.optionalString("relationship").flatMap(Relationship.init(rawValue:)),
            legalGivenName: try row.string("legal_given_name"), legalFamilyName: try row.string("legal_family_name"),
            preferredName: try row.string("preferred_name"), pronouns: try row.string("pronouns"),
            dateOfBirth: try row.optionalString("date_of_birth").flatMap(CalendarDate.init), details: details,
            mergedIntoID: try row.optionalUUID("merged_into_id"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), version: try row.int("version"))
    }
}
