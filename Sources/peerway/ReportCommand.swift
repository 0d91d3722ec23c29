import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayWeb

struct ReportCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the program report for a period: people reached, intake profile, services, referrals and linkage, outcomes with their paired tests, re-admissions.",
        discussion: """
            Program managers, supervisors and evaluators report on the programs they work in; a county's program managers and evaluators also on its providers' programs. With no --program, every program the person may report on is in one report.

            The period is --from and --to (any range up to ten years, both days included), or --fiscal-year YEAR for California's fiscal year that starts on 1 July of YEAR (2022 is FY 2022-23). Without either, the last complete fiscal year.

            Services count signed notes only (drafts are listed apart); a group counts once per person. Every figure names its numerator, its denominator and who is in them.

            Formats: text (the default) prints one tab-separated line per figure: its key, numerator, denominator (empty when it has none), and what it counts. csv writes every table of the report page in one file (a `table` column names each), in the language of --language. json writes the API's document (`ProgramReport` in the OpenAPI document). With --public, counts from 1 to 10 and the figures that would reveal them are held back (csv and json).

            Examples:
              peerway report --as manager@example.org --program "Next Steps" --fiscal-year 2025
              peerway report --as manager@example.org --format csv --public --output fy2025.csv
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("as"), help: ArgumentHelp("E-mail address of the person reading the report.", valueName: "email"))
    var actingAs: String
    @Option(name: .customLong("program"), help: ArgumentHelp("A program (id or exact name); repeat for several.", valueName: "program"))
    var programs: [String] = []
    @OptionGroup var period: ReportPeriodOptions
    @Option(help: "text, csv or json.") var format: Format = .text
    @Flag(name: .customLong("public"), help: "Public release: hold back counts from 1 to 10 and what would reveal them (csv, json).")
    var publicRelease = false
    @Option(help: ArgumentHelp("Language of the csv's words: en or es.", valueName: "code")) var language = "en"
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv, json }

    func execute() async throws {
        if publicRelease && format == .text { throw CLIError("--public: choose --format csv or json (the text format lists every count)") }
        // Only the csv has words to translate; reading the catalogues costs the other formats a tenth of a second.
        let localizer = format == .csv ? try Localizer.bundled() : nil
        if let localizer, !localizer.supports(language) { throw CLIError("--language: one of \(localizer.locales.joined(separator: ", "))") }
        let (report, reported, catalogs) = try await store.withContext { context in
            let actor = try await JourneyCLI.actor(actingAs, context.db)
            let reports = ProgramReports(context)
            let reportable = try await reports.reportable(by: actor)
            var ids: [UUID] = []
            for name in programs {
                guard let match = reportable.first(where: { $0.program.id.text == name.lowercased() || $0.program.name == name }) else {
                    throw CLIError("no program \(name) that \(actingAs) may report on")
                }
                ids.append(match.program.id)
            }
            if ids.isEmpty && reportable.isEmpty { throw CLIError("\(actingAs) may not report on any program") }
            let (report, reported) = try await reports.report(programIDs: ids, period: try period.period(today: context.today),
                                                              action: format == .text ? .read : .export, by: actor,
                                                              context: AuditContext.cli("report").acting(as: actor))
            let catalogs: [ServiceCatalog] = format != .csv ? [] : try await context.db.read { conn in
                var catalogs: [ServiceCatalog] = []
                for program in reported { catalogs.append(try await ServiceSettingsRecords.catalog(programID: program.program.id, on: conn)) }
                return catalogs
            }
            return (report, reported, catalogs)
        }
        let text: String
        switch format {
        case .text:
            text = Self.lines(report, programs: reported.map { "\($0.organizationName) – \($0.program.name)" })
                .map { $0.joined(separator: "\t") + "\n" }.joined()
        case .csv:
            text = ProgramReportOutputs.csv(report, programs: reported, catalogs: catalogs, publicRelease: publicRelease,
                                            localizer: try localizer ?? Localizer.bundled(), locale: language)
        case .json:
            text = try ProgramReportOutputs.json(report, programs: reported, publicRelease: publicRelease) + "\n"
        }
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch { throw CLIError("\(output): cannot write the file") }
        } else {
            print(text, terminator: "")
        }
    }

    /// Key, numerator, denominator, what it counts.
    static func lines(_ r: ProgramReport, programs: [String]) -> [[String]] {
        var out: [[String]] = []
        func line(_ key: String, _ n: Int, _ d: Int?, _ what: String) { out.append([key, String(n), d.map(String.init) ?? "", what]) }
        func number(_ key: String, _ value: Double?, _ what: String) { out.append([key, value.map { String(format: "%.4g", $0) } ?? "no data", "", what]) }
        let p = r.people
        out.append(["period", r.period.from.description, r.period.to.description, r.period.fiscalYearLabel ?? "first and last day"])
        out.append(["programs", String(programs.count), "", programs.joined(separator: "; ")])
        line("people_connected", p.connected, nil, "distinct people with a contact, a signed service or an enrollment open in the period")
        line("enrolled_participants", p.enrolled, p.connected, "participants with an enrollment open in the period, of the people connected")
        line("newly_enrolled", p.newlyEnrolled, p.enrolled, "enrolled participants whose enrollment began in the period")
        line("family_or_friends", p.familyOfEnrolled, p.connected, "family members or friends of enrolled participants, of the people connected")
        line("others_connected", p.othersConnected, p.connected, "people connected who are neither enrolled nor family of the enrolled")
        line("anonymous_contacts", p.anonymousContacts, nil, "contacts logged without a name (not counted as people)")
        for i in r.intakeProfile {
            line("intake_\(i.scale)", i.proportion.numerator, i.proportion.denominator, "enrolled participants' intakes answering yes, of those answered")
        }
        for i in r.followUpProfile {
            line("follow_up_\(i.scale)", i.proportion.numerator, i.proportion.denominator, "latest follow-ups answering yes, of those answered")
        }
        let s = r.services
        line("services_given", s.given, nil, "signed services in the period (a group counts once per person)")
        line("people_served", s.peopleServed, p.connected, "distinct people with a signed service, of the people connected")
        number("services_per_person_served", s.perPersonServed, "services given over people served")
        line("services_to_enrolled", s.toEnrolled, s.given, "services given to enrolled participants")
        line("services_to_family", s.toFamily, s.given, "services given to family members or friends")
        line("services_to_others", s.toOthers, s.given, "services given to people who only made contact")
        line("service_drafts", s.drafts, nil, "notes still drafts: in none of the figures")
        for share in s.byType { line("services_type_\(share.code)", share.count, s.given, "services of this type") }
        let f = r.referrals
        line("referrals_made", f.made, nil, "referrals made in the period")
        line("referrals_linked", f.linkedOfMade.numerator, f.linkedOfMade.denominator, "successful linkages, of the referrals made")
        line("referrals_linked_of_outcomes", f.linkedOfOutcomes.numerator, f.linkedOfOutcomes.denominator,
             "successful linkages, of the referrals with an outcome (linked, not linked, declined)")
        line("referrals_open", f.open, f.made, "referrals still waiting for an outcome")
        for need in f.byNeed { line("referrals_need_\(need.need.rawValue)", need.made, f.made, "referrals made for this need") }
        for o in r.outcomes {
            let key = "outcome_\(o.instrumentID)_\(o.scale)"
            line("\(key)_paired", o.paired, o.intakes, "enrollments with an intake and a follow-up score, of those with an intake")
            if let t = o.yesNo {
                line("\(key)_yes_at_intake", t.yesYes + t.yesNo, t.n, "yes at intake, of the pairs")
                line("\(key)_yes_at_follow_up", t.yesYes + t.noYes, t.n, "yes at the latest follow-up, of the pairs")
                number("\(key)_p", t.p.value, "McNemar (\(t.method.rawValue)) two-sided p")
            } else if let t = o.score {
                number("\(key)_mean_intake", t.meanBefore.value, "mean at intake, of the pairs")
                number("\(key)_mean_follow_up", t.meanAfter.value, "mean at the latest follow-up, of the pairs")
                number("\(key)_p", t.p.value, "\(t.choice.test.rawValue) two-sided p")
                number("\(key)_effect_size", t.effectSize.value, t.choice.test == .pairedT ? "Cohen's d_z" : "matched-pairs rank-biserial correlation")
            }
        }
        let re = r.readmissions
        line("hospital_discharges", re.discharges, nil, "psychiatric admissions of enrolled participants that ended in the period")
        line("readmitted_30_days", re.readmitted30.numerator, re.readmitted30.denominator, "discharges followed by a psychiatric admission within 30 days")
        line("readmitted_90_days", re.readmitted90.numerator, re.readmitted90.denominator, "discharges followed by a psychiatric admission within 90 days")
        line("emergency_30_days", re.emergency30.numerator, re.emergency30.denominator, "discharges followed by an emergency visit within 30 days")
        line("emergency_90_days", re.emergency90.numerator, re.emergency90.denominator, "discharges followed by an emergency visit within 90 days")
        line("events_before_enrollment", re.eventsBefore, re.enrollmentsCompared, "admissions and emergency visits in the same number of days before enrolling, over the enrollments compared")
        line("events_during_enrollment", re.eventsDuring, re.enrollmentsCompared, "admissions and emergency visits during enrollment, over the enrollments compared")
        return out
    }
}
