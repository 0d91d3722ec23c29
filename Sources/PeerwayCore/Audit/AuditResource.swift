/// What an audit event is about. The raw values are stored and hashed into the audit chain, so a raw
/// value never changes once written; a new kind of record adds a case.
public enum AuditResource: String, Sendable, Codable, CaseIterable {
    // Organizations and people who work in them
    case organization
    case program
    case user
    case account
    case session
    case apiToken = "api_token"
    case peerProfile = "peer_profile"
    case auditTrail = "audit_trail"
    case accessMatrix = "access_matrix"
    case deidentifiedData = "deidentified_data"

    // The participant journey
    case participant
    case participantSearch = "participant_search"
    case participantForm = "participant_form"
    case participantEdit = "participant_edit"
    case participantDuplicates = "participant_duplicates"
    case participantImport = "participant_import"
    case participantExport = "participant_export"
    case contact
    case contactImport = "contact_import"
    case screening
    case episode
    case assignment
    case peerSuggestions = "peer_suggestions"
    case review
    case crisisEvent = "crisis_event"
    case caseload
    case reviewsDue = "reviews_due"
    case waitingForPeer = "waiting_for_peer"
    case programOverview = "program_overview"
    case openNotes = "open_notes"

    // Services
    case service
    case serviceTimeline = "service_timeline"
    case serviceWeek = "service_week"
    case serviceTeamWeek = "service_team_week"
    case cosignQueue = "cosign_queue"
    case serviceMix = "service_mix"
    case serviceExport = "service_export"
    case outreachEvent = "outreach_event"

    // Referrals
    case referral
    case referralWaiting = "referral_waiting"
    case referralMeasures = "referral_measures"
    case referralExport = "referral_export"

    // The community resource directory (HSDS 3.0)
    case directory
    case directoryImport = "directory_import"
    case directoryExport = "directory_export"
    case directoryEntry = "directory_entry"
    case directoryCheck = "directory_check"

    // Outcome instruments
    case instrumentAdministration = "instrument_administration"
    case instrumentSchedule = "instrument_schedule"
    case instrumentsDue = "instruments_due"
    case instrumentExport = "instrument_export"

    // Plans
    case plan
    case planProgress = "plan_progress"
    case planDomain = "plan_domain"

    // Workforce
    case workforce
    case workforceProfile = "workforce_profile"
    case certification
    case continuingEducation = "continuing_education"
    case training
    case supervisionSession = "supervision_session"
    case wellnessCheckIn = "wellness_check_in"
    case careerStep = "career_step"
    case workforceImport = "workforce_import"

    // The program report
    case programReport = "program_report"
    case evaluatorExtract = "evaluator_extract"
    case historyImport = "history_import"

    // Demo data
    case demoBatch = "demo_batch"
    case demoServiceBatch = "demo_service_batch"
}
