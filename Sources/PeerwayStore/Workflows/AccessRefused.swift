import PeerwayCore

/// Thrown by a workflow when the access policy refuses; carries the decision so the caller answers 403 or 404.
public struct AccessRefused: Error, Equatable, Sendable {
    public let decision: AccessDecision
    public init(decision: AccessDecision) { self.decision = decision }
}
