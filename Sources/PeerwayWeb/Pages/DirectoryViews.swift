import Foundation
import PeerwayCore
import PeerwayStore

/// One service in words: what a peer reads to a person, or gives them on the slip.
struct DirectoryServiceView: PageView {
    struct Phone: Encodable, Sendable {
        var number: String
        var tel: String
        var detail: String?
    }

    var name: String
    var organization: String?
    var description: String?
    var alert: String?
    var phones: [Phone]
    var address: [String]
    var hours: String?
    var languages: String?
    var documents: [String]
    var eligibility: String?
    var applicationProcess: String?
    var cost: String?
    var free: Bool
    var website: String?
    var email: String?
    var lastVerified: String?
    /// Its record at the point of referral, in words (`DirectorySearchPage.linkage`).
    var linkage: String?
    var referLink: String?
    /// "Due for a check" when it was not checked within its directory's number of days.
    var stale: String?
    /// The latest field checks, each in a line.
    var checks: [String] = []
    var checkLink: String?
    var editLink: String?
    var notice: String?
    var backLink: String

    init(_ s: DirectoryServiceSummary, _ l: Localizer, _ locale: String) {
        name = s.serviceName
        organization = s.organizationName
        description = s.description
        alert = s.alert
        phones = s.phones.map { phone in
            let digits = phone.number.filter { $0.isNumber || $0 == "+" }
            let detail = [phone.extension.map { l.format("directory.extension", locale, ["extension": $0]) }, phone.description]
                .compactMap { $0 }.joined(separator: " · ")
            return Phone(number: phone.number, tel: "tel:" + digits + (phone.extension.map { ",\($0.filter(\.isNumber))" } ?? ""),
                         detail: detail.isEmpty ? nil : detail)
        }
        address = s.addressLines
        hours = s.scheduleDescription
        languages = s.languages.isEmpty ? nil : s.languages.joined(separator: ", ")
        documents = s.requiredDocuments
        eligibility = s.eligibility
        applicationProcess = s.applicationProcess
        cost = s.costDescription
        free = s.isFree
        // Only web links: a `javascript:` URL in an imported file must never become a link.
        website = s.url.flatMap { $0.lowercased().hasPrefix("http://") || $0.lowercased().hasPrefix("https://") ? $0 : nil }
        email = s.email
        lastVerified = s.lastVerified.flatMap(CalendarDate.init).map { l.date($0, locale) } ?? s.lastVerified
        backLink = DirectoryRoutes.home()
    }
}

/// The import page: files, a trial run, and what the last run did or found.
struct DirectoryImportView: PageView {
    struct Problem: Encodable, Sendable {
        var place: String
        var message: String
        var error: Bool
    }

    var action: String
    var cancel: String
    var dryRun: Bool
    var notice: String?
    var summary: String?
    var fileError: String?
    var problems: [Problem] = []
}

/// An import run as a job: how far it is (the page reloads itself while it runs), then what it did.
struct DirectoryImportJobView: PageView {
    var again: String
    var refresh: String
    var running: Bool
    var step: String?
    var written: Int?
    var total: Int?
    var notice: String?
    var summary: String?
    var problems: [DirectoryImportView.Problem] = []
}

/// The directory's settings, each a checkbox.
struct DirectorySettingsView: PageView {
    var action: String
    var cancel: String
    var share: Bool
    var publicAPI: Bool
    var staleAfterDays: String
    var readAPI: String
    var notice: String?
    var errors: [String: String] = [:]
    var summary: String?
}
