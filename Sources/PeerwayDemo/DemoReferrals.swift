import Foundation
import PeerwayCore
import PeerwayStore
import SQLKit

/// Demo referrals with a realistic need and outcome mix (seed 001: Next Steps made 4,075 referrals in a
/// year and 62% of those with an outcome were linked). Read from what the journey wrote (each person's
/// contacts, and who logged them), so it depends on no other generator's internals; deterministic for a seed.
struct DemoReferrals {
    static let perInsert = 400
    static let changesPerInsert = 1000

    /// Needs in proportion to the programs seed 001 lists; housing and mental health first.
    static let needs: [(ReferralNeed, Int)] = [
        (.housing, 20), (.mentalHealth, 15), (.health, 12), (.basicNeeds, 12), (.substanceUse, 8), (.benefits, 8), (.employment, 6),
        (.transportation, 5), (.legal, 4), (.immigration, 3), (.homelessCourt, 2), (.familySupport, 2), (.education, 2), (.other, 1),
    ]

    /// Free-text places, for the needs the directory has no service for and the fifth of referrals made
    /// to a place outside it.
    static let places: [ReferralNeed: [String]] = [
        .housing: ["Coordinated Entry access point", "Bridge shelter intake", "Rapid rehousing program"],
        .mentalHealth: ["Community mental health clinic", "Clubhouse", "Walk-in psychiatry"],
        .health: ["Federally qualified health center", "Community clinic", "Dental clinic"],
        .basicNeeds: ["Food bank", "Clothing closet", "Day center"],
        .substanceUse: ["Outpatient treatment program", "Medication for addiction treatment clinic", "Detox intake"],
        .benefits: ["Benefits counselor (Medi-Cal, CalFresh)", "SSI advocacy clinic"],
        .employment: ["Job center", "Supported employment program"],
        .transportation: ["Transit pass program", "Medical transportation line"],
        .legal: ["Legal aid clinic", "Tenant rights clinic"],
        .immigration: ["Immigration legal services", "Refugee resettlement agency"],
        .homelessCourt: ["Homeless Court Program"],
        .familySupport: ["Family support group", "Family-to-family class"],
        .education: ["Adult school", "Community college outreach"],
        .other: ["Faith community", "Peer-run warm line"],
    ]

    let seed: UInt64
    let now: Date
    let zone: TimeZone
    /// Referrals to make in all.
    let target: Int

    struct Made { var referrals = 0, changes = 0 }

    /// A directory service a referral can name.
    struct Listed { let id: String, name: String, organization: String }

    func generate(into db: Database, audit: AuditLog, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Made {
        // Each person with a contact, in the program of their first contact, referred by whoever logged it.
        let people = try await db.read { conn in
            try await conn.sql.raw("""
                SELECT c.person_id AS person, c.program_id AS program, c.organization_id AS organization, c.logged_by AS peer,
                       MIN(c.occurred_at) AS first_contact
                FROM contacts c WHERE c.person_id IS NOT NULL
                GROUP BY c.person_id, c.program_id, c.organization_id, c.logged_by ORDER BY c.person_id, c.program_id
                """).all().map { (try $0.decode(column: "person", as: UUID.self), try $0.decode(column: "program", as: UUID.self),
                                  try $0.decode(column: "organization", as: UUID.self), try $0.decode(column: "peer", as: UUID.self),
                                  try $0.decode(column: "first_contact", as: Date.self)) }
        }
        guard !people.isEmpty, target > 0 else { return Made() }
        // The directory's running services by need, read from its typed facts like a search would.
        let listed = try await db.read { conn in
            try await conn.sql.raw("""
                SELECT t.code, s.id, s.name, s.organization_name FROM directory_services s
                JOIN directory_service_terms t ON t.organization_id = s.organization_id AND t.service_id = s.id
                WHERE s.status = 'active' ORDER BY t.code, s.id
                """).all().map { row in
                (try row.decode(column: "code", as: String.self),
                 Listed(id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                        organization: try row.decode(column: "organization_name", as: String?.self) ?? ""))
            }
        }
        let directory = Dictionary(grouping: listed, by: \.0).mapValues { $0.map(\.1) }
        var rng = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ 12)
        var made = Made()
        let context = AuditContext(requestID: "demo-seed-\(seed)", clientAddress: "cli", actorLabel: "cli:demo")
        let batch = 20_000
        var pending: [(Referral, String, Int?, [ReferralChange])] = []
        for i in 0..<target {
            let person = people[i % people.count]
            pending.append(referral(person, directory: directory, &rng))
            if pending.count == batch || i == target - 1 {
                let rows = pending
                pending.removeAll(keepingCapacity: true)
                try await db.write { conn in
                    try await Self.write(rows, on: conn)
                    try await audit.append(context, .recordCreated, resourceType: .demoBatch,
                                           detail: "demo data (seed \(seed)): \(rows.count) referrals", on: conn)
                }
                made.referrals += rows.count
                made.changes += rows.reduce(0) { $0 + $1.3.count }
                progress?(made.referrals, target)
            }
        }
        return made
    }

    /// One referral of `person`, made within the last year (never before their first contact) and moved
    /// along its loop at realistic intervals, as far as today allows.
    /// Four in five name a directory service of the need when there is one; a few services take most
    /// of them (as a county's best-known programs do), so their linkage records have enough to show.
    func referral(_ person: (UUID, UUID, UUID, UUID, Date), directory: [String: [Listed]] = [:],
                  _ rng: inout SeededGenerator) -> (Referral, String, Int?, [ReferralChange]) {
        let (personID, programID, organizationID, peer, firstContact) = person
        let day: TimeInterval = 86_400
        let earliest = max(firstContact, now.addingTimeInterval(-365 * day))
        let span = max(now.timeIntervalSince(earliest), 3600)
        let madeAt = max(earliest, earliest.addingTimeInterval(Double.random(in: 0..<span, using: &rng)).rounded(to: 60))
        let need = rng.weighted(Self.needs)
        let phone = "619-555-01\(String(format: "%02d", Int.random(in: 0...99, using: &rng)))"
        var resource = ReferralResource(name: rng.pick(Self.places[need] ?? ["Community service"]), organizationName: "San Diego County", phone: phone)
        if let services = directory[need.rawValue], !services.isEmpty, Int.random(in: 0..<5, using: &rng) < 4 {
            let skewed = Double.random(in: 0..<1, using: &rng)
            let chosen = services[min(services.count - 1, Int(skewed * skewed * skewed * Double(services.count)))]
            resource = ReferralResource(directoryServiceID: chosen.id, name: chosen.name, organizationName: chosen.organization, phone: phone)
        }
        var referral = Referral(id: rng.uuid(), organizationID: organizationID, programID: programID, personID: personID,
                                resource: resource,
                                need: need, urgency: rng.weighted([(.routine, 6), (.soon, 3), (.urgent, 1)]),
                                handoff: rng.weighted([(WarmHandoff.none, 5), (.callTogether, 3), (.goAlong, 2)]), madeAt: madeAt, madeBy: peer,
                                note: "", status: .proposed, followUpOn: nil, createdAt: madeAt)
        var changes = [ReferralChange(id: rng.uuid(), referralID: referral.id, from: nil, to: .proposed, occurredAt: madeAt, recordedAt: madeAt,
                                      by: peer, reason: nil, note: "")]
        var linkedDays: Int?
        // The path this referral will take, if time allows: 62% of outcomes are linkages.
        let path: [(ReferralStatus, ReferralReason?, ClosedRange<Double>)]
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<55: path = [(.sent, nil, 0...1), (.accepted, nil, 1...6), (.linked, nil, 1...21)]
        case 55..<62: path = [(.sent, nil, 0...1), (.linked, nil, 0...10)]
        case 62..<72: path = [(.sent, nil, 0...2), (.declined, rng.pick([.waitList, .ineligible, .serviceClosed]), 1...10)]
        case 72..<90: path = [(.sent, nil, 0...2), (.accepted, nil, 1...7), (.notLinked, rng.pick([.noShow, .personDeclined, .unableToReach, .waitList]), 3...30)]
        default: path = [(.notLinked, .personDeclined, 0...5)]
        }
        var at = madeAt
        for (status, reason, gap) in path {
            let next = at.addingTimeInterval(Double.random(in: gap, using: &rng) * day).rounded(to: 60)
            guard next <= now else { break }
            changes.append(ReferralChange(id: rng.uuid(), referralID: referral.id, from: referral.status, to: status, occurredAt: next,
                                          recordedAt: min(now, next.addingTimeInterval(Double.random(in: 0...2, using: &rng) * day)), by: peer,
                                          reason: reason, note: ""))
            referral = ReferralRules.applying(status, at: next, reason: reason, followUpOn: nil, to: referral)
            if status == .linked {
                linkedDays = CalendarDate(madeAt, in: zone).days(until: CalendarDate(next, in: zone))
            }
            at = next
        }
        if !referral.status.isOutcome {
            referral.followUpOn = CalendarDate(at, in: zone).adding(days: ReferralRules.defaultFollowUpDays)
        }
        return (referral, CalendarDate(madeAt, in: zone).description, linkedDays, changes)
    }

    static func write(_ rows: [(Referral, String, Int?, [ReferralChange])], on conn: Connection) async throws {
        for start in stride(from: 0, to: rows.count, by: perInsert) {
            let insert = conn.sql.insert(into: "referrals").columns(
                "id", "organization_id", "program_id", "person_id", "directory_service_id", "resource_name", "resource_organization", "resource_phone",
                "resource_address", "need", "urgency", "handoff", "made_at", "made_on", "made_by", "service_id", "note", "status", "status_at",
                "reason", "follow_up_on", "days_to_linkage", "created_at", "updated_at", "version")
            for (r, madeOn, days, _) in rows[start..<min(start + perInsert, rows.count)] {
                insert.values([
                    r.id, r.organizationID, r.programID, r.personID, r.resource.directoryServiceID, r.resource.name, r.resource.organizationName,
                    r.resource.phone, r.resource.address, r.need.rawValue, r.urgency.rawValue, r.handoff.rawValue, r.madeAt, madeOn, r.madeBy,
                    r.serviceID, r.note, r.status.rawValue, r.statusAt, r.reason?.rawValue, r.followUpOn?.description, days, r.createdAt,
                    r.statusAt, r.version,
                ] as [any Encodable & Sendable])
            }
            try await insert.run()
        }
        let changes = rows.flatMap(\.3)
        for start in stride(from: 0, to: changes.count, by: changesPerInsert) {
            let insert = conn.sql.insert(into: "referral_changes").columns(
                "id", "referral_id", "from_status", "to_status", "occurred_at", "recorded_at", "changed_by", "reason", "note")
            for c in changes[start..<min(start + changesPerInsert, changes.count)] {
                insert.values([c.id, c.referralID, c.from?.rawValue, c.to.rawValue, c.occurredAt, c.recordedAt, c.by, c.reason?.rawValue, c.note]
                              as [any Encodable & Sendable])
            }
            try await insert.run()
        }
    }
}

extension Date {
    /// Whole `seconds`, so stored times compare equal on both engines.
    func rounded(to seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: (timeIntervalSince1970 / seconds).rounded(.down) * seconds) }
}
