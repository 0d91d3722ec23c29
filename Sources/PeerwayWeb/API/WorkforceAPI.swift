import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1 for the peer workforce: a staff member's profile, certification and its steps, continuing
/// education, trainings, career and wellness check-ins; a supervisor's team and the sessions they log;
/// the organization's roster, report, settings and training catalogue — the same workflow as the pages,
/// through `Workforce`. Core's refusals are 422s on the body's fields with their stable codes.
enum WorkforceAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let workforce = env.workforce
        let store = env.store

        /// The staff member's record as the guard authorized it, read once.
        @Sendable func record(_ resolved: Resolved, _ context: AppContext) async throws -> Workforce.StaffRecord {
            try await workforce.record(of: try resolved.authorized(User.self), by: try resolved.requireActor(), context: context.audit)
        }

        // MARK: Profile

        table.add(.get, WorkforceRoutes.API.profile, .api, .policy(.read, .staffRecord)) { _, context, resolved in
            let staff = try await record(resolved, context)
            return try APISupport.json(WorkforceProfileJSON(p: staff.profile, seesWhole: staff.seesWholeProfile))
        }

        table.json(.put, WorkforceRoutes.API.profile, .policy(.update, .staffRecord), WorkforceProfileInputJSON.self) { body, actor, request, context, resolved in
            let (background, details) = try body.profile()
            let saved = try await PlanAPI.renaming(WorkforceProfileInputJSON.fieldNames) {
                try await workforce.saveProfile(resolved.staffMember!.id, background: background, details: details, by: actor, context: context.audit)
            }
            return try APISupport.json(WorkforceProfileJSON(p: saved, seesWhole: true))
        }

        // MARK: Certification

        table.add(.get, WorkforceRoutes.API.certification, .api, .policy(.read, .staffRecord)) { _, context, resolved in
            try APISupport.json(CertificationJSON(record: try await record(resolved, context)))
        }

        table.json(.post, WorkforceRoutes.API.steps, .policy(.create, .staffRecord), CertificationStepInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let step: CertificationStep? = errors.named(body.step, "step")
            let day = WorkforceInput.date(body.on, "on", into: &errors) ?? store.today
            try errors.throwIfAny()
            let event = try await workforce.recordStep(resolved.staffMember!.id, step: step!, on: day, reference: body.reference ?? "",
                                                       by: actor, context: context.audit)
            return try APISupport.json(CertificationEventJSON(e: event), status: .created)
        }

        // MARK: Continuing education

        table.add(.get, WorkforceRoutes.API.education, .api, .policy(.list, .staffRecord)) { _, context, resolved in
            let staff = try await record(resolved, context)
            return try APISupport.json(CEListJSON(items: staff.continuingEducation, cycle: staff.status.ce))
        }

        table.json(.post, WorkforceRoutes.API.education, .policy(.create, .staffRecord), CEInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let day = WorkforceInput.date(body.taken_on, "taken_on", into: &errors)
            let category: CECategory? = errors.named(body.category, "category")
            var minutes: Int?
            switch (body.hours, body.minutes) {
            case (nil, nil): errors.append(ValidationError("hours", "required"))
            case (.some, .some): errors.append(ValidationError("minutes", "hours_or_minutes"))
            case (.some(let hours), nil): minutes = WorkforceInput.minutes(hours: hours, "hours", into: &errors)
            case (nil, .some(let given)): minutes = given
            }
            try errors.throwIfAny()
            // Core names the duration `hours`, as the page's form does; a body that sent minutes hears of `minutes`.
            let entry = try await PlanAPI.renaming(body.minutes != nil ? ["hours": "minutes"] : [:]) {
                try await workforce.logCE(resolved.staffMember!.id, takenOn: day!, minutes: minutes!, category: category!, title: body.title,
                                          provider: body.provider ?? "", by: actor, context: context.audit)
            }
            return try APISupport.json(CEEntryJSON(e: entry), status: .created)
        }

        // MARK: Trainings

        table.add(.get, WorkforceRoutes.API.trainings, .api, .policy(.list, .staffRecord)) { _, context, resolved in
            try APISupport.json(TrainingsJSON(items: try await record(resolved, context).trainings))
        }

        table.json(.post, WorkforceRoutes.API.trainings, .policy(.create, .staffRecord), TrainingInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let topics: Set<TrainingTopic> = WorkforceInput.set(body.topics, "topics", into: &errors)
            let day = WorkforceInput.date(body.completed_on, "completed_on", into: &errors)
            try errors.throwIfAny()
            let completion = try await PlanAPI.renaming(["hours": "minutes"]) {
                try await workforce.recordTraining(resolved.staffMember!.id, courseID: body.course_id, title: body.title ?? "", topics: topics,
                                                   completedOn: day!, minutes: body.minutes, evidence: body.evidence,
                                                   by: actor, context: context.audit)
            }
            return try APISupport.json(TrainingCompletionJSON(c: completion), status: .created)
        }

        // MARK: Career

        table.add(.get, WorkforceRoutes.API.career, .api, .policy(.list, .staffRecord)) { _, context, resolved in
            let staff = try await record(resolved, context)
            return try APISupport.json(CareerJSON(steps: staff.career, today: staff.today))
        }

        table.json(.post, WorkforceRoutes.API.career, .policy(.assign, .staffRecord), CareerStepInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let role: CareerRole? = errors.named(body.role, "role")
            let day = WorkforceInput.date(body.started_on, "started_on", into: &errors)
            try errors.throwIfAny()
            let step = try await workforce.addCareerStep(resolved.staffMember!.id, role: role!, startedOn: day!, by: actor, context: context.audit)
            return try APISupport.json(CareerStepJSON(s: step), status: .created)
        }

        // MARK: Wellness

        table.add(.get, WorkforceRoutes.API.wellness, .api, .policy(.list, .wellness)) { _, context, resolved in
            let items = try await workforce.checkIns(of: resolved.staffMember!.id, by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(WellnessListJSON(items: items, today: store.today))
        }

        table.json(.post, WorkforceRoutes.API.wellness, .policy(.create, .wellness), WellnessInputJSON.self) { body, actor, request, context, resolved in
            // The policy lets only the person themselves create: the check-in is the signed-in person's.
            let checkIn = try await workforce.checkIn(satisfaction: body.satisfaction, burnout: body.burnout, supported: body.supported,
                                                      note: body.note ?? "", by: actor, context: context.audit)
            return try APISupport.json(WellnessCheckInJSON(c: checkIn), status: .created)
        }

        // MARK: Supervision

        table.add(.get, WorkforceRoutes.API.team, .api, .policy(.list, .supervision)) { _, context, resolved in
            let team = try await workforce.team(by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(TeamJSON(t: team, today: store.today))
        }

        table.json(.post, WorkforceRoutes.API.sessions, .policy(.create, .supervision), SupervisionSessionInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let day = WorkforceInput.date(body.held_on, "held_on", into: &errors)
            let format: SupervisionFormat? = errors.named(body.format, "format")
            let topics: Set<SupervisionTopic> = WorkforceInput.set(body.topics, "topics", into: &errors)
            try errors.throwIfAny()
            let session = try await PlanAPI.renaming(["peers": "peer_ids"]) {
                try await workforce.logSupervision(peerIDs: body.peer_ids, heldOn: day!, minutes: body.minutes, format: format!, topics: topics,
                                                   note: body.note ?? "", by: actor, context: context.audit)
            }
            return try APISupport.json(SupervisionSessionJSON(s: session), status: .created)
        }

        // MARK: The organization's workforce

        table.add(.get, WorkforceRoutes.API.roster, .api, .policy(.list, .workforce)) { _, context, resolved in
            let rows = try await workforce.roster(by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(ListJSON(items: rows.map(RosterRowJSON.init), next_offset: nil))
        }

        table.add(.get, WorkforceRoutes.API.report, .api, .policy(.export, .workforce)) { _, context, resolved in
            try APISupport.json(WorkforceReportJSON(r: try await workforce.report(by: try resolved.requireActor(), context: context.audit)))
        }

        table.add(.get, WorkforceRoutes.API.settings, .api, .policy(.read, .workforce)) { _, context, resolved in
            try APISupport.json(WorkforceSettingsJSON(s: try await workforce.settings(by: try resolved.requireActor(), context: context.audit)))
        }

        table.json(.put, WorkforceRoutes.API.settings, .policy(.update, .workforce), WorkforceSettingsInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let code = TextRules.clean(body.code, field: "code", lines: .single, limit: WorkforceAPI.maxRuleSetCodeLength, into: &errors)
            if code.isEmpty && errors.first(for: "code") == nil { errors.append(ValidationError("code", "required")) }
            let ceMinutes = WorkforceInput.minutes(hours: body.ce_hours_per_cycle, "ce_hours_per_cycle", into: &errors)
            let lawMinutes = WorkforceInput.minutes(hours: body.ce_law_and_ethics_hours, "ce_law_and_ethics_hours", into: &errors)
            try errors.throwIfAny()
            let rules = CertificationRuleSet(code: code, trainingWindowMonths: body.training_window_months, certificationYears: body.certification_years,
                                             ceMinutesPerCycle: ceMinutes!, ceLawAndEthicsMinutes: lawMinutes!,
                                             renewalWindowDays: body.renewal_window_days, alertDays: body.alert_days)
            let saved = try await PlanAPI.renaming(["supervision_minutes": "supervision_minutes_per_month"]) {
                try await workforce.saveSettings(WorkforceSettings(certificationRules: rules, supervisionMinutesPerMonth: body.supervision_minutes_per_month),
                                                 by: actor, context: context.audit)
            }
            return try APISupport.json(WorkforceSettingsJSON(s: saved))
        }

        table.add(.get, WorkforceRoutes.API.courses, .api, .policy(.read, .workforce)) { _, context, resolved in
            let courses = try await workforce.courses(by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(ListJSON(items: courses.map(CourseJSON.init), next_offset: nil))
        }

        table.json(.post, WorkforceRoutes.API.courses, .policy(.create, .workforce), CourseInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let topics: Set<TrainingTopic> = WorkforceInput.set(body.topics, "topics", into: &errors)
            try errors.throwIfAny()
            let course = try await PlanAPI.renaming(["hours": "minutes"]) {
                try await workforce.addCourse(title: body.title, topics: topics, minutes: body.minutes, by: actor, context: context.audit)
            }
            return try APISupport.json(CourseJSON(c: course), status: .created)
        }
        WorkforceImportAPI.register(&table, env)
    }

    /// Longest rule set code (`ca_sb803`, another state's own).
    static let maxRuleSetCodeLength = 40
}
