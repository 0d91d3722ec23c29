import PeerwayCore
import Testing

@Suite("Audit resources")
struct AuditResourceTests {
    /// The raw values are hashed into the audit chain and stored: changing one breaks every chain that holds it.
    @Test("raw values stay as written in the audit trail")
    func rawValues() {
        #expect(AuditResource.allCases.map(\.rawValue) == [
            "organization", "program", "user", "account", "session", "api_token", "peer_profile", "audit_trail", "access_matrix",
            "deidentified_data", "participant", "participant_search", "participant_form", "participant_edit", "participant_duplicates",
            "participant_import", "participant_export", "contact", "contact_import", "screening", "episode", "assignment",
            "peer_suggestions", "review", "crisis_event", "caseload", "reviews_due", "waiting_for_peer", "program_overview", "open_notes", "service", "service_timeline", "service_week",
            "service_team_week", "cosign_queue", "service_mix", "service_export", "outreach_event",
            "referral", "referral_waiting", "referral_measures", "referral_export", "directory", "directory_import", "directory_export", "directory_entry", "directory_check",
            "instrument_administration", "instrument_schedule", "instruments_due", "instrument_export", "plan", "plan_progress", "plan_domain",
            "workforce", "workforce_profile", "certification", "continuing_education", "training", "supervision_session",
            "wellness_check_in", "career_step", "workforce_import",
            "program_report", "evaluator_extract", "history_import",
            "demo_batch", "demo_service_batch",
        ])
    }
}
