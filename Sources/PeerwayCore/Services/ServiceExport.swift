import Foundation

/// The services extract a county billing or evaluation team reads: one row per signed service, the columns
/// of a claim line (client, date, time, minutes, units, service, place, staff, signature) and none of
/// the note's text, which billing does not need (the minimum necessary, HIPAA 164.502(b)).
public enum ServiceExport {
    public static let header = [
        "service_id", "program", "participant_id", "participant_legal_name", "date_of_birth", "service_date", "start_time", "end_time",
        "duration_minutes", "units", "service_type", "core_functions", "modality", "setting", "language", "group_id", "group_size",
        "staff_id", "staff_name", "cofacilitator_name", "status", "signed_at", "cosigned_by", "cosigned_at", "late_entry", "entered_at",
        "amendments", "billable_units", "certification_flag",
    ]

    public struct Names: Sendable {
        public var program: String
        public var participantLegalName: String
        public var dateOfBirth: String
        public var staffName: String
        public var cofacilitatorName: String
        public var cosignerName: String
        public var groupSize: Int?
        /// The author's certification standing on the service day (`CertificationRules.standing`): a service
        /// by a peer whose certification lapsed or whose training window closed bills no units.
        public var standing: CertificationStanding = .notTracked
        public init(program: String, participantLegalName: String, dateOfBirth: String, staffName: String, cofacilitatorName: String,
                    cosignerName: String, groupSize: Int?) {
            self.program = program
            self.participantLegalName = participantLegalName
            self.dateOfBirth = dateOfBirth
            self.staffName = staffName
            self.cofacilitatorName = cofacilitatorName
            self.cosignerName = cosignerName
            self.groupSize = groupSize
        }
    }


    public static func row(_ s: PeerService, _ names: Names) -> [String] {
        let c = s.content
        return [
            s.id.text, names.program, s.personID.text, names.participantLegalName, names.dateOfBirth,
            c.date.description, c.startTime, c.endTime ?? "", String(c.durationMinutes), String(c.units), c.serviceType,
            c.coreFunctions.joined(separator: ";"), c.modality.rawValue, c.setting.rawValue, c.language,
            s.groupID?.text ?? "", names.groupSize.map(String.init) ?? "", s.peerID.text,
            names.staffName, names.cofacilitatorName, s.status.rawValue, s.signedAt.map(CSVWriter.timestamp) ?? "", names.cosignerName,
            s.cosignedAt.map(CSVWriter.timestamp) ?? "", s.lateEntry ? "yes" : "no", CSVWriter.timestamp(s.enteredAt), String(s.amendmentCount),
            String(names.standing.isFlagged ? 0 : c.units), names.standing.isFlagged ? names.standing.rawValue : "",
        ]
    }
}
