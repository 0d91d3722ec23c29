/// What the program report needs the records to say (issue 14): `service_functions` rows only for
/// signed notes (the one counting rule), an index for a co-facilitator's staff time, and no
/// continued-stay review for programs that give long-term support (seed 004, VIII.A: "not applicable
/// for those MHCs providing services via a long term support model"). A review frequency of 0 in
/// `programs` means none: the column predates the rule and SQLite cannot relax its NOT NULL in place.
enum Migration014ReportRecords {
    static let migration = Migration(version: 14, name: "report_records") { _ in
        [
            "DELETE FROM service_functions WHERE service_id IN (SELECT id FROM services WHERE status = 'draft')",
            "CREATE INDEX services_cofacilitator_date ON services(cofacilitator_id, service_date) WHERE cofacilitator_id IS NOT NULL",
            "UPDATE programs SET review_frequency_days = 0 WHERE model = 'long_term'",
            "UPDATE episodes SET next_review_on = NULL WHERE program_id IN (SELECT id FROM programs WHERE model = 'long_term')",
        ]
    }
}
