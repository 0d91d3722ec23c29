import Foundation
import PeerwayCore
import PeerwayStore

/// A person's plans: each kind's current version and its history.
struct PlansView: PageView {
    struct Version: Encodable, Sendable {
        var label: String
        var status: String
        var date: String
        var link: String
    }
    struct Kind: Encodable, Sendable {
        var id: String
        var title: String
        var current: Version?
        var summary: String?
        var startLink: String?
        var history: [Version]
    }
    var notice: String?
    var personName: String
    var personLink: String
    var kinds: [Kind]
}

/// One version of a plan.
struct PlanView: PageView {
    struct Step: Encodable, Sendable {
        var what: String
        var who: String
        var byWhen: String?
        var done: Bool
    }
    struct Note: Encodable, Sendable {
        var date: String
        var text: String
        var by: String
    }
    struct Goal: Encodable, Sendable {
        var id: String
        var domain: String
        var words: String
        var status: String
        var steps: [Step]
        var notes: [Note]
        var services: [PageSupport.Link]
        var editLink: String?
        var progressLink: String?
    }
    struct Section: Encodable, Sendable {
        var label: String
        var text: String
    }
    struct SupporterLine: Encodable, Sendable {
        var name: String
        var detail: String
        var phone: String?
        var phoneLink: String?
        var mayDecide: Bool
    }
    struct Version: Encodable, Sendable {
        var label: String
        var status: String
        var link: String
        var compareLink: String?
        var current: Bool
    }
    var notice: String?
    var heading: String
    var personName: String
    var personLink: String
    var plansLink: String
    var status: String
    var isDraft: Bool
    var agreement: String?
    var isRecovery: Bool
    var strengths: String?
    var goals: [Goal]
    var sections: [Section]
    var supporters: [SupporterLine]
    var agreeLink: String?
    var addGoalLink: String?
    var editLink: String?
    var reviseLink: String?
    var printLink: String?
    var versions: [Version]
}

/// What changed between two versions.
struct PlanCompareView: PageView {
    var heading: String
    var from: String
    var to: String
    var changes: [String]
    var backLink: String
}

/// The crisis plan on one page, to print or hand over.
struct CrisisPrintView: PageView {
    var personName: String
    var version: String
    var agreement: String?
    var sections: [PlanView.Section]
    var supporters: [PlanView.SupporterLine]
    var backLink: String
}
