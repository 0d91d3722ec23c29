import Foundation
import PeerwayCore

/// What a directory search found: a page of services, each with why it matched and its linkage record.
public struct DirectorySearchResult: Sendable {
    public struct Entry: Sendable {
        public let hit: DirectorySearchRecords.Hit
        public let reasons: [DirectoryMatchReason]
        public let linkage: DirectoryLinkageRecord
        /// Not checked within its directory's number of days.
        public let stale: Bool
    }

    public var entries: [Entry]
    /// A next page exists.
    public var more: Bool
    /// Where "near" was found, when it was asked.
    public var center: GeoPoint?
}

extension DirectoryCatalog {
    /// Searches the directories the actor reads (their organization's, then the parent's shared one).
    /// "Near" is a point ("32.7,-117.1") or a city or ZIP code the directories' addresses name; a place
    /// none of them names is refused on its field. `sort=linkage` reorders the best
    /// `DirectorySearchRules.linkageReranked` matches by their record. The directory is not participant
    /// data, so a search is not audited.
    public func search(_ q: DirectoryQuery, by actor: Actor) async throws -> DirectorySearchResult {
        let moment = q.openNow ? WeekMinute(store.now(), in: timeZone) : nil
        let perPage = DirectorySearchRules.perPage
        let reranked = q.sort == .linkage
        let (limit, offset) = reranked ? (DirectorySearchRules.linkageReranked, 0) : (perPage + 1, q.offset)
        let terms = q.terms
        // One connection for the whole search: each read taken on its own cost a hop to the pool and back.
        return try await db.read { conn in
            let directories = try await readable(by: actor, on: conn)
            let center: GeoPoint?
            if let near = q.near {
                if let point = GeoPoint(near) { center = point } else {
                    center = try await DirectorySearchRecords.locate(near, directories: directories, on: conn)
                    guard center != nil else { throw Self.invalid("near", "unknown_place", "error.unknown_place") }
                }
            } else {
                center = nil
            }
            let area = center.map { SearchArea(center: $0, radiusKm: q.radiusKm) }
            var hits = try await DirectorySearchRecords.search(q, directories: directories, area: area, at: moment, limit: limit, offset: offset, on: conn)
            var settings: [UUID: DirectorySettings] = [:]
            for directory in Set(hits.map(\.directoryID)) { settings[directory] = try await DirectoryRecords.settings(directory, on: conn) }
            var records: [String: DirectoryLinkageRecord] = [:]
            if reranked {
                records = try await linkage(of: hits, settings: settings, on: conn)
                hits = DirectorySearchRules.rankedByLinkage(hits) { records[key($0)]?.rate }
                hits = Array(hits.dropFirst(q.offset).prefix(perPage + 1))
            }
            let more = hits.count > perPage
            let page = try await DirectorySearchRecords.withLanguages(Array(hits.prefix(perPage)), on: conn)
            if !reranked { records = try await linkage(of: page, settings: settings, on: conn) }
            let entries = page.map { hit in
                var reasons = DirectorySearchRules.textReasons(terms, name: hit.name, organization: hit.organizationName)
                if let need = q.need { reasons.append(.need(need)) }
                if let language = q.language { reasons.append(.language(language)) }
                if let km = hit.distanceKm { reasons.append(.distance(km: km)) }
                if let closes = hit.closesMinute { reasons.append(.openNow(closes: closes)) }
                if q.freeOnly { reasons.append(.free) }
                if let age = q.age { reasons.append(.age(age)) }
                return DirectorySearchResult.Entry(hit: hit, reasons: reasons, linkage: records[key(hit)] ?? DirectoryLinkageRecord(referrals: 0, linkedWithinWindow: 0),
                                                   stale: DirectoryCheckRules.isStale(lastVerified: hit.lastVerified, today: today,
                                                                                      after: settings[hit.directoryID]?.staleAfterDays ?? DirectoryCheckRules.defaultStaleAfterDays))
            }
            return DirectorySearchResult(entries: entries, more: more, center: center)
        }
    }

    func key(_ hit: DirectorySearchRecords.Hit) -> String { hit.directoryID.text + "|" + hit.id }

    /// The linkage records of the hits, each counted over its directory's owner and the providers it is shared with.
    func linkage(of hits: [DirectorySearchRecords.Hit], settings: [UUID: DirectorySettings], on conn: Connection) async throws -> [String: DirectoryLinkageRecord] {
        var out: [String: DirectoryLinkageRecord] = [:]
        for (directory, group) in Dictionary(grouping: hits, by: \.directoryID) {
            let scope = try await self.scope(directory, settings: settings[directory] ?? DirectorySettings(), on: conn)
            for (id, record) in try await linkageRecords(group.map(\.id), scope: scope, on: conn) { out[directory.text + "|" + id] = record }
        }
        return out
    }

    /// Each directory service's record at the point of referral (`DirectoryLinkageRecord`), counted over the
    /// referrals of its directory's organization and the providers it is shared with. Counts only, small
    /// cells suppressed: anyone who may read the directory may read them. Counts already made for the
    /// same day and the same referrals are reused (`LinkageRecordCache`).
    func linkageRecords(_ serviceIDs: [String], scope: DirectoryScope, on conn: Connection) async throws -> [String: DirectoryLinkageRecord] {
        let (from, to) = DirectoryLinkageRecord.period(endingBefore: today)
        let organizations = [scope.organizationID] + scope.sharedWith.sorted { $0.uuidString < $1.uuidString }
        let counts = try await store.linkageRecords.counts(directory: scope.organizationID, organizationIDs: organizations, day: today,
                                                           serviceIDs: serviceIDs, on: conn) { ids in
            try await ReferralRecords.linkage(directoryServiceIDs: ids, organizationIDs: organizations, from: from, to: to,
                                              window: DirectoryLinkageRecord.window, on: conn)
        }
        return Dictionary(uniqueKeysWithValues: serviceIDs.map { id in
            let c = counts[id] ?? (0, 0)
            return (id, DirectoryLinkageRecord(referrals: c.referrals, linkedWithinWindow: c.linked))
        })
    }

    /// The need filter's choices: the taxonomy terms of the directories the actor reads.
    public func needTerms(by actor: Actor) async throws -> [(code: String, name: String)] {
        let directories = try await readable(by: actor)
        return try await db.read { conn in try await DirectorySearchRecords.terms(directories: directories, on: conn) }
    }

    /// The linkage record of one service of `organizationID`'s directory (its page shows it).
    public func linkageRecord(serviceID: String, organizationID: UUID) async throws -> DirectoryLinkageRecord {
        try await db.read { conn in try await linkageRecords([serviceID], scope: try await scope(organizationID, on: conn), on: conn) }[serviceID]
            ?? DirectoryLinkageRecord(referrals: 0, linkedWithinWindow: 0)
    }
}
