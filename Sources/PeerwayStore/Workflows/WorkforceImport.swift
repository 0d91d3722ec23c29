import Foundation
import PeerwayCore

/// What a roster import did, or with a dry run would do.
public struct RosterImportReport: Sendable {
    /// Staff rows in the file.
    public var total: Int
    /// Profiles written (every accepted row writes its profile).
    public var profiles = 0
    /// Certification steps recorded; a step already on record with the same day is not recorded twice.
    public var stepsRecorded = 0
    public var stepsAlreadyRecorded = 0
    /// Rows refused, in file order, each error's field a column. Any refused row and nothing is written.
    public var rejected: [ImportRow<RosterEntry>] = []
    public var dryRun: Bool
}

extension Workforce {
    /// Imports an existing roster and its certification dates (HR). Each row names a staff member of the
    /// organization by e-mail; its profile facts are merged into their profile and its certification
    /// steps are checked in order against what is on record, as if each were recorded on its day. All or
    /// nothing: one refused row and nothing is written.
    public func importRoster(_ text: String, dryRun: Bool, by actor: Actor, context: AuditContext,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> RosterImportReport {
        try await guarded(context, .workforceImport) {
            try authorize(actor, .create, .workforce(organizationID: actor.organizationID))
            let rows: [[String]]
            do { rows = try CSVReader.parse(text) } catch { throw Self.invalid("file", "csv_unreadable") }
            let parsed = try RosterImport.parse(rows).mapError { StoreError.invalid($0) }.get()
            let today = self.today
            let total = parsed.count
            return try await db.write { conn in
                var report = RosterImportReport(total: total, dryRun: dryRun)
                let settings = try await WorkforceRecords.settings(organizationID: actor.organizationID, on: conn)
                var writes: [(User, WorkforceProfile, [CertificationEvent])] = []
                for (index, row) in parsed.enumerated() {
                    progress?(index + 1, total)
                    guard let entry = row.value else { report.rejected.append(row); continue }
                    var errors: [ValidationError] = []
                    guard let user = try await UserRecords.credentials(email: entry.email, on: conn)?.user,
                          user.organizationID == actor.organizationID else {
                        report.rejected.append(ImportRow(line: row.line, value: nil, errors: [ValidationError("email", "no_such_user")]))
                        continue
                    }
                    var profile = try await WorkforceProfileRecords.profile(user.id, on: conn) ?? WorkforceProfile(userID: user.id)
                    if let d = entry.discipline { profile.details.discipline = d }
                    if let l = entry.languages { profile.background.languages = l }
                    if let c = entry.capacity { profile.background.capacity = c }
                    if let h = entry.hiredOn { profile.details.hiredOn = h }
                    if let c = entry.credential { profile.details.credential = c }
                    do throws(ValidationErrors) { profile.details = try WorkforceProfileRules.validate(profile.details) } catch { errors += error.errors }
                    var history = try await WorkforceRecords.certificationEvents(userIDs: [user.id], on: conn)
                    let ce = try await WorkforceRecords.continuingEducation(userIDs: [user.id], on: conn)
                    var new: [CertificationEvent] = []
                    for step in entry.steps {
                        if history.contains(where: { $0.step == step.step && $0.on == step.on }) { report.stepsAlreadyRecorded += 1; continue }
                        let column = RosterImport.stepColumns.first { $0.1 == step.step }!.0
                        do throws(ValidationErrors) {
                            try CertificationRules.validate(step.step, on: step.on, history: history, ce: ce, rules: settings.certificationRules, today: today)
                        } catch {
                            errors += error.errors.map { ValidationError(field: column, code: $0.code, messageKey: $0.messageKey) }
                            break
                        }
                        let event = CertificationEvent(id: store.newID(), userID: user.id, step: step.step, on: step.on, reference: step.reference,
                                                       recordedBy: actor.userID, recordedAt: store.now())
                        history.append(event)
                        new.append(event)
                    }
                    if errors.isEmpty { writes.append((user, profile, new)) } else {
                        report.rejected.append(ImportRow(line: row.line, value: nil, errors: errors))
                    }
                }
                report.profiles = writes.count
                report.stepsRecorded = writes.reduce(0) { $0 + $1.2.count }
                guard report.rejected.isEmpty, !dryRun else { return report }
                for (user, profile, events) in writes {
                    try await WorkforceProfileRecords.save(profile, organizationID: user.organizationID, now: store.now(), on: conn)
                    for e in events { try await WorkforceRecords.insert(e, organizationID: user.organizationID, on: conn) }
                }
                try await audit.append(context, .importRun, resourceType: .workforceImport,
                                       detail: "rows=\(total) profiles=\(report.profiles) steps=\(report.stepsRecorded)", on: conn)
                return report
            }
        }
    }
}
