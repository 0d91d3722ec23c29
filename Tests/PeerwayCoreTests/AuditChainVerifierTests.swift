import Foundation
import Testing
import PeerwayCore

/// A stand-in for the real keyed hash: FNV-1a (64-bit) over the key's bytes followed by the message,
/// as hex. Not cryptographic, but keyed and deterministic, which is all the verifier relies on.
func fakeMAC(key: String) -> @Sendable ([UInt8]) -> String {
    { bytes in
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in Array(key.utf8) + [0x00] + bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

enum ChainFixture {
    static let key = "test-key"
    static let organizationID = UUID(uuidString: "0000000C-0000-4000-8000-0000000000AB")!
    static let chain = AuditEvent.chainName(for: organizationID)
    static let start = Date(microsecondsSince1970: 1_700_000_000_123_456)

    static func id(_ n: Int) -> UUID {
        let digits = String(n)
        return UUID(uuidString: "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits)!
    }

    /// An event as the application would write it: hash computed over the canonical bytes.
    static func sealed(_ event: AuditEvent, key: String = key) -> AuditEvent {
        var event = event
        event.hash = fakeMAC(key: key)(event.canonicalBytes)
        return event
    }

    static func event(sequence: Int64, previousHash: String, idNumber: Int? = nil) -> AuditEvent {
        let n = Int(sequence)
        let actions = AuditAction.allCases
        let outcomes = AuditEvent.Outcome.allCases
        return AuditEvent(
            id: id(idNumber ?? n), chain: chain, sequence: sequence,
            occurredAt: start.addingTimeInterval(Double(n) * 61),
            organizationID: organizationID,
            actorUserID: n.isMultiple(of: 3) ? nil : id(1000 + n),
            actorLabel: "Staff \(n)", action: actions[n % actions.count], resourceType: "participant",
            resourceID: n.isMultiple(of: 2) ? "r-\(n)" : nil,
            participantID: n.isMultiple(of: 2) ? id(2000 + n) : nil,
            outcome: outcomes[n % outcomes.count], requestID: "req-\(n)", clientAddress: "192.0.2.\(n)",
            detail: "detail \(n)", previousHash: previousHash, hash: "")
    }

    /// A well-formed chain of `count` events.
    static func build(_ count: Int = 10) -> [AuditEvent] {
        var events: [AuditEvent] = []
        var previous = AuditEvent.genesisHash
        for sequence in 1...Int64(count) {
            let e = sealed(event(sequence: sequence, previousHash: previous))
            events.append(e)
            previous = e.hash
        }
        return events
    }

    /// Walks `events` and compares the end with the recorded head (by default, the untouched chain's head).
    static func verify(_ events: [AuditEvent], headSequence: Int64?, headHash: String?) -> (problems: [AuditChainVerifier.Problem], count: Int) {
        var walker = AuditChainVerifier.Walker(chain: chain, mac: fakeMAC(key: key))
        for event in events { walker.feed(event) }
        walker.finish(headSequence: headSequence, headHash: headHash)
        return (walker.problems, walker.count)
    }

    static func verify(_ events: [AuditEvent], headOf original: [AuditEvent]) -> [AuditChainVerifier.Problem] {
        verify(events, headSequence: original.last?.sequence, headHash: original.last?.hash).problems
    }
}

@Suite("Audit chain verification")
struct AuditChainVerifierTests {
    typealias Problem = AuditChainVerifier.Problem
    let original = ChainFixture.build(10)
    let chain = ChainFixture.chain

    @Test func intactChainVerifies() {
        let (problems, count) = ChainFixture.verify(original, headSequence: 10, headHash: original.last?.hash)
        #expect(problems.isEmpty)
        #expect(count == 10)
        #expect(original.first?.previousHash == AuditEvent.genesisHash)
    }

    @Test func emptyChainWithoutHeadVerifies() {
        let (problems, count) = ChainFixture.verify([], headSequence: nil, headHash: nil)
        #expect(problems.isEmpty)
        #expect(count == 0)
    }

    enum Edit: String, CaseIterable, Sendable {
        case detail, actorLabel, actorUserID, occurredAt, occurredAtByOneMicrosecond, outcome, participantID, resourceID, action, clientAddress

        func apply(to event: inout AuditEvent) {
            switch self {
            case .detail: event.detail = "nothing to see here"
            case .actorLabel: event.actorLabel = "Someone Else"
            case .actorUserID: event.actorUserID = UUID(uuidString: "DEADBEEF-0000-4000-8000-000000000000")!
            case .occurredAt: event.occurredAt = event.occurredAt.addingTimeInterval(-3600)
            case .occurredAtByOneMicrosecond: event.occurredAt = Date(microsecondsSince1970: event.occurredAt.microsecondsSince1970 + 1)
            case .outcome: event.outcome = event.outcome == .success ? .denied : .success
            case .participantID: event.participantID = UUID(uuidString: "DEADBEEF-0000-4000-8000-000000000001")!
            case .resourceID: event.resourceID = "someone-else"
            case .action: event.action = event.action == .export ? .recordRead : .export
            case .clientAddress: event.clientAddress = "203.0.113.9"
            }
        }
    }

    @Test(arguments: Edit.allCases)
    func editedEventIsReportedAsHashMismatchAtItsSequence(edit: Edit) {
        var events = original
        edit.apply(to: &events[3])
        #expect(events[3] != original[3])
        #expect(ChainFixture.verify(events, headOf: original) == [.hashMismatch(chain: chain, sequence: 4, id: original[3].id)])
    }

    @Test func editedEventWithHashRecomputedUnderWrongKeyIsStillAMismatch() {
        var events = original
        events[3].detail = "rewritten"
        events[3] = ChainFixture.sealed(events[3], key: "attacker-guess")
        let problems = ChainFixture.verify(events, headOf: original)
        #expect(problems.contains(.hashMismatch(chain: chain, sequence: 4, id: original[3].id)))
    }

    @Test func deletedMiddleEventIsReportedAsGapAndBrokenLink() {
        var events = original
        events.remove(at: 4)  // sequence 5
        #expect(ChainFixture.verify(events, headOf: original) == [
            .sequenceGap(chain: chain, expected: 5, found: 6),
            .brokenLink(chain: chain, sequence: 6, id: original[5].id),
        ])
    }

    @Test func deletedFirstEventIsDetected() {
        let problems = ChainFixture.verify(Array(original.dropFirst()), headOf: original)
        #expect(problems.contains(.sequenceGap(chain: chain, expected: 1, found: 2)))
        #expect(problems.contains(.brokenLink(chain: chain, sequence: 2, id: original[1].id)))
    }

    @Test func insertedForgedEventIsDetected() {
        // The forger links the new event to its predecessor and hashes it, but without the real key.
        let forged = ChainFixture.sealed(
            ChainFixture.event(sequence: 6, previousHash: original[4].hash, idNumber: 666), key: "attacker-guess")
        #expect(forged.hash != ChainFixture.sealed(forged).hash)  // the keys really differ
        var events = original
        events.insert(forged, at: 5)
        #expect(ChainFixture.verify(events, headOf: original) == [
            .hashMismatch(chain: chain, sequence: 6, id: forged.id),
            .sequenceGap(chain: chain, expected: 7, found: 6),
            .brokenLink(chain: chain, sequence: 6, id: original[5].id),
        ])
    }

    @Test func insertedEventWithRenumberedAndRelinkedTailIsDetected() {
        // A more careful forger renumbers and relinks everything after the insertion and updates the
        // head; without the key every rewritten event still fails its hash.
        var events = Array(original.prefix(5))
        var previous = original[4].hash
        var sequence: Int64 = 6
        let tail = [ChainFixture.event(sequence: 6, previousHash: "", idNumber: 666)] + original.suffix(5)
        for var event in tail {
            event.sequence = sequence
            event.previousHash = previous
            event = ChainFixture.sealed(event, key: "attacker-guess")
            events.append(event)
            previous = event.hash
            sequence += 1
        }
        let (problems, _) = ChainFixture.verify(events, headSequence: 11, headHash: previous)
        #expect(problems == events.suffix(6).map { Problem.hashMismatch(chain: chain, sequence: $0.sequence, id: $0.id) })
    }

    @Test func swappedEventsAreDetected() {
        var events = original
        events.swapAt(3, 4)
        let problems = ChainFixture.verify(events, headOf: original)
        #expect(problems.contains(.sequenceGap(chain: chain, expected: 4, found: 5)))
        #expect(problems.contains(.brokenLink(chain: chain, sequence: 5, id: original[4].id)))
        #expect(problems.contains(.brokenLink(chain: chain, sequence: 4, id: original[3].id)))
        // Content was not touched, so nothing is misreported as an edit.
        #expect(!problems.contains { if case .hashMismatch = $0 { true } else { false } })
    }

    @Test func swappedEventsWithSwappedSequenceNumbersAreDetected() {
        // Reordering and renumbering (without the key) still breaks links and hashes.
        var events = original
        events.swapAt(3, 4)
        events[3].sequence = 4
        events[4].sequence = 5
        let problems = ChainFixture.verify(events, headOf: original)
        #expect(problems.contains(.brokenLink(chain: chain, sequence: 4, id: original[4].id)))
        #expect(problems.contains(.hashMismatch(chain: chain, sequence: 4, id: original[4].id)))
        #expect(problems.contains(.hashMismatch(chain: chain, sequence: 5, id: original[3].id)))
    }

    @Test func truncatedLastEventIsReportedAsHeadMismatch() {
        let problems = ChainFixture.verify(Array(original.dropLast()), headOf: original)
        #expect(problems == [.headMismatch(chain: chain, headSequence: 10, lastSequence: 9)])
    }

    @Test func eventAppendedOutsideTheApplicationIsReportedAsHeadMismatch() {
        // Even correctly keyed and linked: the head was not advanced.
        let extra = ChainFixture.sealed(ChainFixture.event(sequence: 11, previousHash: original[9].hash))
        let problems = ChainFixture.verify(original + [extra], headOf: original)
        #expect(problems == [.headMismatch(chain: chain, headSequence: 10, lastSequence: 11)])
    }

    @Test func headWithRightSequenceButWrongHashIsAMismatch() {
        let (problems, _) = ChainFixture.verify(original, headSequence: 10, headHash: original[8].hash)
        #expect(problems == [.headMismatch(chain: chain, headSequence: 10, lastSequence: 10)])
    }

    @Test func eventsWithoutARecordedHeadAreAMismatch() {
        let (problems, _) = ChainFixture.verify(original, headSequence: nil, headHash: nil)
        #expect(problems == [.headMismatch(chain: chain, headSequence: 0, lastSequence: 10)])
    }

    @Test func headRecordedForAnEmptyChainIsAMismatch() {
        let (problems, _) = ChainFixture.verify([], headSequence: 3, headHash: original[2].hash)
        #expect(problems == [.headMismatch(chain: chain, headSequence: 3, lastSequence: 0)])
    }

    @Test func verifyingUnderAnotherKeyFailsEveryEvent() {
        var walker = AuditChainVerifier.Walker(chain: chain, mac: fakeMAC(key: "other-key"))
        for event in original { walker.feed(event) }
        #expect(walker.problems.count == original.count)
        #expect(walker.problems.allSatisfy { if case .hashMismatch = $0 { true } else { false } })
    }

    @Test func problemDescriptionsNameChainSequenceAndLowercasedID() {
        let id = original[3].id
        let text = Problem.hashMismatch(chain: chain, sequence: 4, id: id).description
        #expect(text.contains(chain))
        #expect(text.contains("event 4"))
        #expect(text.contains(id.text))
        #expect(Problem.headMismatch(chain: chain, headSequence: 10, lastSequence: 9).description.contains("head records event 10"))
    }
}

@Suite("Audit event encoding")
struct AuditEventEncodingTests {
    static let base = AuditEvent(
        id: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!,
        chain: ChainFixture.chain, sequence: 7,
        occurredAt: Date(microsecondsSince1970: 1_700_000_000_123_456),
        organizationID: ChainFixture.organizationID, actorUserID: nil, actorLabel: "Ann Lee",
        action: .recordRead, resourceType: "participant", resourceID: "p-1", participantID: nil,
        outcome: .success, requestID: "req-1", clientAddress: "192.0.2.1", detail: "café",
        previousHash: AuditEvent.genesisHash, hash: "ignored")

    /// The encoding is pinned: stored chains were hashed with it, so any change breaks their verification.
    @Test func canonicalBytesArePinned() {
        // Stored chains were hashed with exactly these bytes: changing them needs a new version tag.
        let expected = "2:v1"
            + "36:00000000-0000-4000-8000-000000000001"
            + "40:org:0000000c-0000-4000-8000-0000000000ab"
            + "1:7"
            + "16:1700000000123456"
            + "36:0000000c-0000-4000-8000-0000000000ab"
            + "-"  // no actor user: absent, not empty
            + "7:Ann Lee"
            + "11:record_read"
            + "11:participant"
            + "3:p-1"
            + "-"  // no participant
            + "7:success"
            + "5:req-1"
            + "9:192.0.2.1"
            + "5:café"  // lengths count UTF-8 bytes
            + "64:" + String(repeating: "0", count: 64)
        #expect(Self.base.canonicalBytes == Array(expected.utf8))
    }

    enum Field: String, CaseIterable, Sendable {
        case id, chain, sequence, occurredAt, organizationID, organizationIDRemoved, actorUserID, actorLabel, action
        case resourceType, resourceID, resourceIDRemoved, participantID, outcome, requestID, clientAddress, detail, previousHash

        func changed(_ e: AuditEvent) -> AuditEvent {
            var e = e
            let other = UUID(uuidString: "00000000-0000-4000-8000-0000000000FF")!
            switch self {
            case .id: e.id = other
            case .chain: e.chain = "system"
            case .sequence: e.sequence += 1
            case .occurredAt: e.occurredAt = Date(microsecondsSince1970: e.occurredAt.microsecondsSince1970 + 1)
            case .organizationID: e.organizationID = other
            case .organizationIDRemoved: e.organizationID = nil
            case .actorUserID: e.actorUserID = other
            case .actorLabel: e.actorLabel = "Ann Lea"
            case .action: e.action = .recordUpdated
            case .resourceType: e.resourceType = "user"
            case .resourceID: e.resourceID = "p-2"
            case .resourceIDRemoved: e.resourceID = nil
            case .participantID: e.participantID = other
            case .outcome: e.outcome = .denied
            case .requestID: e.requestID = "req-2"
            case .clientAddress: e.clientAddress = "192.0.2.2"
            case .detail: e.detail = "cafe"
            case .previousHash: e.previousHash = String(repeating: "f", count: 64)
            }
            return e
        }
    }

    @Test(arguments: Field.allCases)
    func changingAnyFieldChangesTheBytes(field: Field) {
        let changed = field.changed(Self.base)
        #expect(changed != Self.base)
        #expect(changed.canonicalBytes != Self.base.canonicalBytes)
    }

    @Test func theHashItselfIsNotCovered() {
        var e = Self.base
        e.hash = "something else"
        #expect(e.canonicalBytes == Self.base.canonicalBytes)
    }

    /// Pairs of text fields whose values could run into each other without length prefixes.
    enum Boundary: String, CaseIterable, Sendable {
        case actorLabelAndDetail, actorLabelAndResourceType, requestIDAndClientAddress, clientAddressAndDetail

        func set(_ e: inout AuditEvent, _ first: String, _ second: String) {
            switch self {
            case .actorLabelAndDetail: e.actorLabel = first; e.detail = second
            case .actorLabelAndResourceType: e.actorLabel = first; e.resourceType = second
            case .requestIDAndClientAddress: e.requestID = first; e.clientAddress = second
            case .clientAddressAndDetail: e.clientAddress = first; e.detail = second
            }
        }
    }

    /// Moving characters across the boundary between two fields must change the encoding.
    @Test(arguments: Boundary.allCases)
    func lengthPrefixesPreventBoundaryAmbiguity(boundary: Boundary) {
        for (a1, a2, b1, b2) in [("ab", "c", "a", "bc"), ("x:1", "y", "x", ":1y"), ("", "1:a", "1:a", "")] {
            var a = Self.base
            boundary.set(&a, a1, a2)
            var b = Self.base
            boundary.set(&b, b1, b2)
            #expect(a.canonicalBytes != b.canonicalBytes, "\(a1)|\(a2) vs \(b1)|\(b2)")
        }
    }

    @Test func chainNames() {
        #expect(AuditEvent.chainName(for: nil) == "system")
        let id = UUID(uuidString: "ABCDEF01-2345-4678-89AB-CDEF01234567")!
        #expect(AuditEvent.chainName(for: id) == "org:abcdef01-2345-4678-89ab-cdef01234567")
    }

    @Test func genesisHashIsSixtyFourZeros() {
        #expect(AuditEvent.genesisHash.count == 64)
        #expect(AuditEvent.genesisHash.allSatisfy { $0 == "0" })
    }
}

@Suite("Audit encoding of absent values")
struct AuditAbsentValueTests {
    @Test("a missing resource id and an empty one hash differently")
    func nilIsNotEmpty() {
        let event = AuditEvent(id: UUID(), chain: "system", sequence: 1, occurredAt: Date(timeIntervalSince1970: 1), organizationID: nil,
                               actorUserID: nil, actorLabel: "", action: .recordRead, resourceType: "participant", resourceID: nil,
                               participantID: nil, outcome: .success, requestID: "", clientAddress: "", detail: "", previousHash: "", hash: "")
        var empty = event
        empty.resourceID = ""
        #expect(event.canonicalBytes != empty.canonicalBytes)
    }
}
