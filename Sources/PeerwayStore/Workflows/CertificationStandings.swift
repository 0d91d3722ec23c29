import Foundation
import PeerwayCore

/// The certification standing of authors of services on their service days, for a batch of services:
/// loads each author's certification steps once (item 8 of the workforce issue: a service by a peer
/// whose certification lapsed or whose training window closed is flagged and bills no units).
public struct CertificationStandings: Sendable {
    let rules: CertificationRuleSet
    var events: [UUID: [CertificationEvent]] = [:]

    /// Standings under the organization's rule set; authors are loaded as `load` meets them.
    public static func of(organizationID: UUID, on conn: Connection) async throws -> CertificationStandings {
        CertificationStandings(rules: try await WorkforceRecords.settings(organizationID: organizationID, on: conn).certificationRules)
    }

    /// Loads the steps of the authors not yet loaded.
    public mutating func load(_ authors: Set<UUID>, on conn: Connection) async throws {
        let missing = authors.subtracting(events.keys)
        guard !missing.isEmpty else { return }
        for id in missing { events[id] = [] }
        for e in try await WorkforceRecords.certificationEvents(userIDs: Array(missing), on: conn) { events[e.userID, default: []].append(e) }
    }

    public func standing(of author: UUID, on day: CalendarDate) -> CertificationStanding {
        CertificationRules.standing(on: day, events: events[author] ?? [], rules: rules)
    }
}
