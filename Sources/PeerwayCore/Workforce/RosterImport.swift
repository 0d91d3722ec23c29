import Foundation

/// One certification step as a roster file gives it.
public struct RosterStep: Sendable, Equatable {
    public let step: CertificationStep
    public let on: CalendarDate
    public let reference: String
}

/// One staff member as a roster file describes them: who (by e-mail), their profile facts and the
/// certification dates they already have. Columns left out or empty keep what is stored.
public struct RosterEntry: Sendable, Equatable {
    public var email: String
    public var discipline: Discipline?
    public var languages: [String]?
    public var capacity: Int?
    public var hiredOn: CalendarDate?
    public var credential: QualifyingCredential?
    /// In the order a person takes them.
    public var steps: [RosterStep]
}

/// An existing roster and its certification dates, read from CSV (an organization moving to Peerway).
public enum RosterImport {
    /// Step columns, in the order the steps are taken; certificate_number is the certified step's reference.
    public static let stepColumns: [(String, CertificationStep)] = [
        ("applied_on", .applied), ("documents_verified_on", .documentsVerified), ("approved_on", .approved),
        ("training_completed_on", .trainingCompleted), ("exam_passed_on", .examPassed), ("certified_on", .certified),
        ("ethics_signed_on", .ethicsSigned), ("renewed_on", .renewed),
    ]

    public static let header = ["email", "discipline", "languages", "capacity", "hired_on", "credential_kind", "credential_number",
                                "credential_issued_by", "credential_expires_on"] + stepColumns.map(\.0) + ["certificate_number"]

    /// Reads rows from `CSVReader`, the first the header; only email is required. Each row's problems are
    /// reported on it (the certification steps are checked in order against the stored history when imported).
    public static func parse(_ rows: [[String]]) -> Result<[ImportRow<RosterEntry>], ValidationErrors> {
        var seen = Set<String>()
        return ImportTable.parse(rows, known: header, required: [["email"]]) { r in
            var entry = RosterEntry(email: "", steps: [])
            do throws(ValidationError) {
                entry.email = try Credentials.normalizedEmail(r.text("email"))
                if !seen.insert(entry.email).inserted { r.errors.append(ValidationError("email", "duplicate_in_file")) }
            } catch { r.errors.append(ValidationError(field: "email", code: error.code, messageKey: error.messageKey)) }
            if !r.text("discipline").isEmpty {
                entry.discipline = Discipline(rawValue: r.text("discipline"))
                if entry.discipline == nil { r.errors.append(ValidationError("discipline", "unknown_value")) }
            }
            if !r.text("languages").isEmpty {
                do throws(ValidationError) {
                    entry.languages = try LanguageCatalog.validateList(r.list("languages"), field: "languages", required: true)
                } catch { r.errors.append(error) }
            }
            if !r.text("capacity").isEmpty {
                if let n = Int(r.text("capacity")), PeerProfileRules.capacityRange.contains(n) { entry.capacity = n } else {
                    r.errors.append(ValidationError("capacity", "out_of_range"))
                }
            }
            entry.hiredOn = r.date("hired_on")
            if !r.text("credential_kind").isEmpty {
                if let kind = CredentialKind(rawValue: r.text("credential_kind")) {
                    entry.credential = QualifyingCredential(kind: kind, number: r.text("credential_number"), issuedBy: r.text("credential_issued_by"),
                                                            expiresOn: r.date("credential_expires_on"))
                    if r.text("credential_number").isEmpty { r.errors.append(ValidationError("credential_number", "required")) }
                } else {
                    r.errors.append(ValidationError("credential_kind", "unknown_value"))
                }
            }
            for (column, step) in stepColumns {
                if let day = r.date(column) {
                    entry.steps.append(RosterStep(step: step, on: day, reference: step == .certified ? r.text("certificate_number") : ""))
                }
            }
            return entry
        }
    }
}
