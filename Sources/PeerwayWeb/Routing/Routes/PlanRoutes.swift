import Foundation
import PeerwayCore
import PeerwayStore

/// Recovery and crisis plans: a person's plans, one version with its goals and progress, editing a
/// draft, the participant's agreement, revising, comparing versions, the printable crisis plan, and
/// the goals a service worked on. Every path of the area is written here once.
public enum PlanRoutes {
    /// A person's plans (both kinds, current versions and history).
    public static let plans = RoutePath("/participants/:id/plans")
    /// Starting a plan for the person (`?kind=recovery|crisis`).
    public static let start = RoutePath("/participants/:id/plans/new")
    public static let plan = RoutePath("/plans/:id")
    /// A recovery plan draft: its strengths, and adding a goal with its next steps.
    public static let addGoal = RoutePath("/plans/:id/goals/new")
    /// Editing one goal of a draft (`?goal=`).
    public static let editGoal = RoutePath("/plans/:id/goal")
    /// Editing a crisis plan draft's sections and supporters.
    public static let editCrisis = RoutePath("/plans/:id/edit")
    public static let agree = RoutePath("/plans/:id/agree")
    public static let revise = RoutePath("/plans/:id/revise")
    /// What changed from another version (`?with=`).
    public static let compare = RoutePath("/plans/:id/compare")
    /// Progress on one goal (`?goal=`).
    public static let progress = RoutePath("/plans/:id/progress")
    /// The crisis plan on one printable page.
    public static let print = RoutePath("/plans/:id/print")
    /// A program's life domains: SAMHSA's eight and its own.
    public static let domains = RoutePath("/programs/:id/plan-domains")
    /// The goals a service note worked on.
    public static let serviceGoals = RoutePath("/services/:id/goals")

    public enum API {
        public static let plansOf = RoutePath("/api/v1/participants/:id/plans")
        public static let plan = RoutePath("/api/v1/plans/:id")
        public static let agreement = RoutePath("/api/v1/plans/:id/agreement")
        public static let revision = RoutePath("/api/v1/plans/:id/revision")
        public static let comparison = RoutePath("/api/v1/plans/:id/comparison")
        public static let progress = RoutePath("/api/v1/plans/:id/progress")
        public static let serviceGoals = RoutePath("/api/v1/services/:id/goals")
        public static let domains = RoutePath("/api/v1/programs/:id/plan-domains")
    }
}

extension ResourceRef {
    /// The plan version named by `:id`, decided as its person's record.
    public static let plan = record("plan", AccessResolver<PlanRecord>.plan)
}

extension Resolved {
    public var plan: PlanRecord? { record(PlanRecord.self) }
}
