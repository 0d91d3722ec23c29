import Foundation
import PeerwayCore

/// The program report (issue 14), for pages, the API and the command line: one program, several, or all
/// an actor may report on, over a period. Every program is decided by the access policy
/// (`AccessPolicy.decideReport`) before anything is counted; the read is audited with what it covered.
public struct ProgramReports: StoreWorkflow {
    public let store: StoreContext

    public init(_ store: StoreContext) {
        self.store = store
    }

    /// A program with its organization, as the report names it.
    public struct Reportable: Sendable, Equatable {
        public var program: Program
        public var organizationName: String
    }

    /// The programs `actor` may read the report of: those of their organization they work in, and (for a
    /// county) its providers' programs. The operator (no actor) may report on every program.
    public func reportable(by actor: Actor?) async throws -> [Reportable] {
        try await db.read { conn in try await Self.candidates(for: actor, on: conn) }
            .filter { actor == nil || AccessPolicy.decide(actor!, .read, $0.resource) == .allow }.map(\.reportable)
    }

    /// The programs of the actor's organization and its providers (every program for the operator), in
    /// the order a report lists them, each with the resource the policy decides its report by.
    static func candidates(for actor: Actor?, on conn: Connection) async throws -> [(reportable: Reportable, resource: AccessResource)] {
        let orgIDs: Set<UUID>
        if let actor {
            orgIDs = Set(try await OrganizationRecords.childIDs(of: actor.organizationID, on: conn)).union([actor.organizationID])
        } else {
            orgIDs = Set(try await OrganizationRecords.all(on: conn).map(\.id))
        }
        let orgs = Dictionary(uniqueKeysWithValues: try await OrganizationRecords.list(ids: orgIDs, on: conn).map { ($0.id, $0) })
        return try await ProgramRecords.list(organizationIDs: orgIDs, on: conn).compactMap { program -> (Reportable, AccessResource)? in
            guard let org = orgs[program.organizationID] else { return nil }
            return (Reportable(program: program, organizationName: org.name), .programReport(scope(program, org)))
        }.sorted { ($0.0.organizationName, $0.0.program.name) < ($1.0.organizationName, $1.0.program.name) }
    }

    static func scope(_ program: Program, _ org: Organization) -> ReportScope {
        ReportScope(organizationID: program.organizationID, parentOrganizationID: org.parentID, programID: program.id)
    }

    /// The report over `programIDs` (empty: every program the actor may report on) for `period`. A
    /// program out of reach refuses the whole report (audited): a report never silently leaves a program out.
    /// `action` is `.read` for the page and JSON, `.export` for CSV.
    public func report(programIDs: [UUID], period: ReportPeriod, action: AccessAction = .read, by actor: Actor?,
                       context: AuditContext) async throws -> (report: ProgramReport, programs: [Reportable]) {
        try await guarded(context, .programReport) {
            let programs: [Reportable] = programIDs.isEmpty ? try await reportable(by: actor) : try await db.read { conn in
                var found: [Reportable] = []
                for id in Set(programIDs).sorted(by: { $0.uuidString < $1.uuidString }) {
                    guard let program = try await ProgramRecords.get(id, on: conn),
                          let org = try await OrganizationRecords.get(program.organizationID, on: conn) else {
                        throw AccessRefused(decision: .notFound)
                    }
                    try authorize(actor, action, .programReport(Self.scope(program, org)))
                    found.append(Reportable(program: program, organizationName: org.name))
                }
                return found.sorted { ($0.organizationName, $0.program.name) < ($1.organizationName, $1.program.name) }
            }
            let tally = try await ReportRecords.tally(programIDs: programs.map(\.program.id), period: period, zone: store.timeZone, today: today,
                                                      in: db)
            let report = ProgramReport(period: period, tally: tally)
            try await audit.record(db, context, action == .export ? .export : .recordRead, resourceType: .programReport,
                                   resourceID: programs.count == 1 ? programs[0].program.id.text : "",
                                   detail: "programs=\(programs.count) from=\(period.from) to=\(period.to)")
            return (report, programs)
        }
    }
}
