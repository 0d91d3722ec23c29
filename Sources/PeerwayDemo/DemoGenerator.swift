import Foundation
import PeerwayCore
import PeerwayStore
import SQLKit

/// Builds a sample county with provider organizations, programs and staff, deterministic from a seed.
/// It scales with the number of participants a data set should hold: each later capability adds its
/// own records here, so benchmarks run on county-sized data.
public struct DemoGenerator: Sendable {
    public static let password = "peerway-demo-password"
    public static let emailDomain = "demo.peerway.test"

    public struct Account: Sendable {
        public let email: String
        public let role: Role
        public let organization: String
        /// Base32 key for the authenticator app, for roles that need a second factor.
        public let totpSecretBase32: String?
        public let totpSecret: String?
    }

    public struct Summary: Sendable {
        public var accounts: [Account] = []
        public var organizations = 0
        public var programs = 0
        public var users = 0
        /// People in the journey (participants and the family members or friends of a few).
        public var people = 0
        /// Services documented (one row per participant served, a group's attendees each), the group
        /// sessions among them, and outreach events.
        public var services = 0
        public var groupSessions = 0
        public var outreachEvents = 0
        /// Services in the county's community resource directory (HSDS).
        public var directoryServices = 0
        /// Referrals made, and the steps of their loops.
        public var referrals = 0
        public var referralChanges = 0
        /// Outcome instrument administrations recorded for the enrolled, and the schedule rules set.
        public var instrumentAdministrations = 0
        public var certificationEvents = 0
        public var continuingEducation = 0
        public var supervisionSessions = 0
        public var wellnessCheckIns = 0
        public var careerSteps = 0
        public var instrumentSchedules = 0
        /// Episodes with a recovery and wellness plan, with a crisis plan; the plans' versions (drafts
        /// among them); progress notes on goals; services that name the goals they worked on.
        public var recoveryPlans = 0
        public var crisisPlans = 0
        public var planVersions = 0
        public var planDrafts = 0
        public var goalProgressNotes = 0
        public var servicesNamingGoals = 0
        public var countyID = UUID()
        public var providerID = UUID()
        public var nextStepsID = UUID()
    }

    public let seed: UInt64
    public let participants: Int
    /// The total number of services to document; nil follows the participants (a few per person served).
    public let servicesTarget: Int?
    public let hasher: PasswordHasher
    /// Turns a raw TOTP secret into the base32 text an authenticator app takes (provided by the web layer).
    public let base32: @Sendable (String) -> String

    public init(seed: UInt64 = 1, participants: Int = 500, servicesTarget: Int? = nil, hasher: PasswordHasher = .standard,
                base32: @escaping @Sendable (String) -> String) {
        self.seed = seed
        self.participants = participants
        self.servicesTarget = servicesTarget
        self.hasher = hasher
        self.base32 = base32
    }

    /// Fills an empty, migrated database. `progress` receives (done, total) as staff, then participants
    /// are written; `servicesProgress` (done, total) as the episodes' services are.
    public func generate(into db: Database, audit: AuditLog, progress: (@Sendable (Int, Int) -> Void)? = nil,
                         servicesProgress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Summary {
        var rng = SeededGenerator(seed: seed)
        let now = Date().truncatedToMicroseconds
        // One hash shared by every demo account: hashing thousands of generated staff at the production
        // work factor would take an hour, and these accounts exist only for demonstration.
        let hash = try hasher.hash(Self.password)
        var accounts: [Account] = []

        let county = Organization(id: rng.uuid(), parentID: nil, name: "San Diego County Behavioral Health Services", kind: .county, createdAt: now, updatedAt: now)
        let providers: [(String, [(String, Program.Model, Int?, String)])] = [
            ("NAMI San Diego", [
                ("Next Steps", .longTerm, nil, "Peer navigation and support for people after a psychiatric hospital or emergency visit, and their families."),
                ("Family Peer Support", .longTerm, nil, "Family members with lived experience supporting families of people with mental illness."),
            ]),
            ("Mental Health America of San Diego County", [
                ("PeerLINKS", .timeLimited, 182, "Each client is paired with a peer for up to six months, in person, by phone or by text."),
            ]),
            ("Recovery Innovations San Diego", [
                ("Peer Support Services", .longTerm, nil, "Recovery-oriented peer support in the community and in treatment settings."),
                ("Warm Line", .longTerm, nil, "Peer-run telephone support for people who want to talk."),
            ]),
        ]
        var orgs = [county]
        var programs: [Program] = []
        for (name, list) in providers {
            // Seed 003's kinds: NAMI is run by families, Recovery Innovations by peers.
            let type: Organization.ProviderType = name == "NAMI San Diego" ? .familyRun : name.hasPrefix("Recovery Innovations") ? .peerRun : .provider
            let org = Organization(id: rng.uuid(), parentID: county.id, name: name, kind: .provider, providerType: type, createdAt: now, updatedAt: now)
            orgs.append(org)
            for (pname, model, length, description) in list {
                // Long-term support has no continued-stay review (seed 004) unless a program chooses one, as Next
                // Steps does here (its participants are also in other treatment, whose plan reviews it follows).
                let review: Int? = model == .timeLimited ? 30 : pname == "Next Steps" ? 90 : nil
                programs.append(Program(id: rng.uuid(), organizationID: org.id, name: pname, description: description, model: model,
                                        defaultLengthDays: length, reviewFrequencyDays: review, createdAt: now, updatedAt: now))
            }
        }
        let nami = orgs[1]
        let nextSteps = programs[0]

        var users: [User] = []
        var secrets: [UUID: String] = [:]
        func named(_ local: String, _ name: String, _ role: Role, _ org: Organization, programs: Set<UUID> = [], supervisor: UUID? = nil, rng: inout SeededGenerator) -> User {
            User(id: rng.uuid(), organizationID: org.id, email: "\(local)@\(Self.emailDomain)", displayName: name, roles: [role],
                 programIDs: programs, supervisorID: supervisor, createdAt: now, updatedAt: now)
        }
        let supervisor = named("supervisor", "Sam Okafor", .supervisor, nami, programs: [nextSteps.id], rng: &rng)
        let named6 = [
            named("peer", "Alex Rivera", .peerSpecialist, nami, programs: [nextSteps.id], supervisor: supervisor.id, rng: &rng),
            supervisor,
            named("manager", "Morgan Lee", .programManager, nami, programs: Set(programs.filter { $0.organizationID == nami.id }.map(\.id)), rng: &rng),
            named("orgadmin", "Jordan Patel", .organizationAdmin, nami, rng: &rng),
            named("county", "Casey Nguyen", .systemAdmin, county, rng: &rng),
            named("evaluator", "Riley Chen", .evaluator, nami, rng: &rng),
        ]
        for user in named6 {
            var totp: String?
            if user.mustUseSecondFactor {
                var chars = ""
                for _ in 0..<24 { chars.append(rng.pick(Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"))) }
                totp = chars
                secrets[user.id] = chars
            }
            users.append(user)
            accounts.append(Account(email: user.email, role: user.roles.first!, organization: orgs.first { $0.id == user.organizationID }!.name,
                                    totpSecretBase32: totp.map(base32), totpSecret: totp))
        }

        // The workforce grows with the caseload: about 25 participants per peer, 8 peers per supervisor.
        let first = ["Ana", "Ben", "Carmen", "Dev", "Elena", "Farah", "Gabe", "Hana", "Isaac", "Jade", "Kofi", "Lucia", "Malik", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Tomas", "Uma", "Vic", "Wen", "Yara", "Zane"]
        let last = ["Alvarez", "Brooks", "Castillo", "Dang", "Ellis", "Flores", "Garcia", "Hughes", "Ibarra", "Jensen", "Kim", "Lopez", "Mendoza", "Nakamura", "Ortiz", "Perez", "Reyes", "Santos", "Tran", "Vargas", "Walker", "Young"]
        let peerCount = max(4, participants / 25)
        var teamSupervisors: [UUID: [User]] = [:]
        for i in 0..<peerCount {
            let program = programs[i % programs.count]
            let org = orgs.first { $0.id == program.organizationID }!
            if teamSupervisors[program.id, default: []].isEmpty || i % 8 == 0 {
                let sup = User(id: rng.uuid(), organizationID: org.id, email: "supervisor\(i)@\(Self.emailDomain)",
                               displayName: "\(rng.pick(first)) \(rng.pick(last))", roles: [.supervisor], programIDs: [program.id], createdAt: now, updatedAt: now)
                teamSupervisors[program.id, default: []].append(sup)
                users.append(sup)
            }
            users.append(User(id: rng.uuid(), organizationID: org.id, email: "peer\(i)@\(Self.emailDomain)",
                              displayName: "\(rng.pick(first)) \(rng.pick(last))", roles: [.peerSpecialist], programIDs: [program.id],
                              supervisorID: teamSupervisors[program.id]!.last!.id, createdAt: now, updatedAt: now))
        }

        let context = AuditContext(requestID: "demo-seed-\(seed)", clientAddress: "cli", actorLabel: "cli:demo")
        // Each organization opens its audit chain in the transaction that creates it, as in Peerway
        // itself: an organization without its chain is what a deleted chain looks like.
        try await db.write { conn in
            for org in orgs {
                try await OrganizationRecords.insert(org, on: conn)
                try await audit.append(context, .organizationCreated, resourceType: .organization, resourceID: org.id.text,
                                       organizationID: org.id, detail: "demo data (seed \(seed))", on: conn)
            }
            for program in programs { try await ProgramRecords.insert(program, on: conn) }
        }
        // Supervisors first: peers refer to them.
        let ordered = users.filter { $0.roles.contains(.supervisor) } + users.filter { !$0.roles.contains(.supervisor) }
        let total = ordered.count
        var done = 0
        for batch in stride(from: 0, to: ordered.count, by: 500).map({ Array(ordered[$0..<min($0 + 500, ordered.count)]) }) {
            let secretsCopy = secrets
            try await db.write { conn in
                for user in batch {
                    try await UserRecords.insert(user, passwordHash: hash, on: conn)
                    if let secret = secretsCopy[user.id] { try await UserRecords.setTOTP(user.id, secret: secret, enabled: true, on: conn) }
                }
            }
            done += batch.count
            progress?(done, total)
        }
        var services = DemoServices(seed: seed, now: now, target: servicesTarget, programs: programs, users: users)
        let journey = try await DemoJourney(seed: seed, participants: participants, now: now)
            .generate(into: db, audit: audit, programs: programs, users: users, services: &services, progress: progress)
        let documented = try await services.finish(into: db, audit: audit, progress: servicesProgress)
        let directoryServices = try await DemoDirectory(seed: seed, services: DemoDirectory.serviceCount(participants: participants), now: now)
            .generate(into: db, audit: audit, organizationID: county.id, progress: nil)
        // Ten referrals per participant in the demo (at 100,000 participants, a million referrals).
        let referred = try await DemoReferrals(seed: seed, now: now, zone: DemoJourney.zone, target: participants * 10).generate(into: db, audit: audit)
        // Each program's instrument schedule, and the instruments given in every episode (about 26 an episode: at 100,000
        // participants, some 300,000 administrations).
        let namedPeer = named6.first { $0.email == "peer@\(Self.emailDomain)" }?.id
        let measured = try await DemoInstruments(seed: seed, now: now, zone: DemoJourney.zone, programs: programs, namedPeer: namedPeer)
            .generate(into: db, audit: audit)
        // Recovery and crisis plans in the enrolled episodes, progress on their goals, the services that worked on them.
        let planned = try await DemoPlans(seed: seed, now: now, zone: DemoJourney.zone, programs: programs, namedPeer: namedPeer)
            .generate(into: db, audit: audit)
        // The workforce: profiles, every certification state, education, trainings, supervision, wellness, careers.
        let staffed = try await DemoWorkforce(seed: seed, now: now, zone: DemoJourney.zone, programs: programs, users: users,
                                              namedPeer: namedPeer, namedSupervisor: supervisor.id)
            .generate(into: db, audit: audit)
        // Fresh statistics after a bulk load, so both planners know the tables' real sizes.
        try await db.write { conn in try await conn.sql.raw("ANALYZE").run() }
        return Summary(accounts: accounts, organizations: orgs.count, programs: programs.count, users: users.count, people: journey.persons,
                       services: documented.services, groupSessions: documented.groupSessions, outreachEvents: documented.outreachEvents,
                       directoryServices: directoryServices, referrals: referred.referrals, referralChanges: referred.changes,
                       instrumentAdministrations: measured.administrations, certificationEvents: staffed.certificationEvents,
                       continuingEducation: staffed.continuingEducation, supervisionSessions: staffed.supervisionSessions,
                       wellnessCheckIns: staffed.checkIns, careerSteps: staffed.careerSteps, instrumentSchedules: measured.schedules,
                       recoveryPlans: planned.recoveryPlans, crisisPlans: planned.crisisPlans, planVersions: planned.versions,
                       planDrafts: planned.drafts, goalProgressNotes: planned.progress, servicesNamingGoals: planned.servicesNamingGoals,
                       countyID: county.id, providerID: nami.id, nextStepsID: nextSteps.id)
    }
}
