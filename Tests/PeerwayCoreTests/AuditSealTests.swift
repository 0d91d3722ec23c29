import Foundation
import Testing
import PeerwayCore

/// The set of chains, their sealed heads and the checkpoint: every way of deleting or rewinding a
/// chain that the events alone cannot show.
@Suite("Audit seals and checkpoints")
struct AuditSealTests {
    let mac = fakeMAC(key: "test-key")
    let orgA = UUID(uuidString: "0000000A-0000-4000-8000-000000000001")!
    let orgB = UUID(uuidString: "0000000B-0000-4000-8000-000000000002")!

    func head(_ chain: String, _ seq: Int64, _ hash: String, key: String = "test-key") -> AuditChainSet.Head {
        AuditChainSet.Head(chain: chain, sequence: seq, hash: hash, mac: fakeMAC(key: key)(AuditSeal.headBytes(chain: chain, sequence: seq, hash: hash)))
    }

    func registry(_ chains: Set<String>, key: String = "test-key") -> (chains: Set<String>, mac: String) {
        (chains, fakeMAC(key: key)(AuditSeal.registryBytes(chains: Array(chains))))
    }

    var a: String { AuditEvent.chainName(for: orgA) }
    var b: String { AuditEvent.chainName(for: orgB) }

    @Test func anIntactSetHasNoProblems() {
        let set = AuditChainSet(registry: registry([a, b, "system"]), heads: [head(a, 4, "h4"), head(b, 2, "h2"), head("system", 9, "s9")],
                                chainsWithEvents: [a, b, "system"], organizationIDs: [orgA, orgB])
        #expect(set.problems(mac: mac).isEmpty)
    }

    @Test func anEmptyDatabaseHasNoProblems() {
        #expect(AuditChainSet(registry: nil, heads: [], chainsWithEvents: [], organizationIDs: []).problems(mac: mac).isEmpty)
    }

    @Test func aRewoundHeadFailsItsSeal() {
        var rewound = head(a, 4, "h4")
        rewound.sequence = 2
        rewound.hash = "h2"
        let set = AuditChainSet(registry: registry([a]), heads: [rewound], chainsWithEvents: [a], organizationIDs: [orgA])
        #expect(set.problems(mac: mac) == [.headForged(chain: a, headSequence: 2)])
    }

    @Test func aHeadWithoutASealIsForged() {
        let set = AuditChainSet(registry: registry([a]), heads: [AuditChainSet.Head(chain: a, sequence: 1, hash: "h", mac: nil)],
                                chainsWithEvents: [a], organizationIDs: [])
        #expect(set.problems(mac: mac) == [.headForged(chain: a, headSequence: 1)])
    }

    @Test func aDeletedChainIsMissing() {
        let set = AuditChainSet(registry: registry([a, b]), heads: [head(b, 2, "h2")], chainsWithEvents: [b], organizationIDs: [orgA, orgB])
        #expect(set.problems(mac: mac) == [.chainMissing(chain: a)])
    }

    @Test func theWholeTrailDeletedLeavesTheRegistry() {
        let set = AuditChainSet(registry: registry([a, b]), heads: [], chainsWithEvents: [], organizationIDs: [])
        #expect(set.problems(mac: mac) == [.chainMissing(chain: a), .chainMissing(chain: b)])
    }

    @Test func everythingDeletedLeavesTheOrganizations() {
        let set = AuditChainSet(registry: nil, heads: [], chainsWithEvents: [], organizationIDs: [orgA])
        #expect(set.problems(mac: mac) == [.registryMissing, .chainMissing(chain: a)])
    }

    @Test func chainsWithoutARegistryAreTampering() {
        let set = AuditChainSet(registry: nil, heads: [head(a, 1, "h")], chainsWithEvents: [a], organizationIDs: [])
        #expect(set.problems(mac: mac) == [.registryMissing])
    }

    @Test func aRegistryRewrittenWithoutTheKeyIsForged() {
        let set = AuditChainSet(registry: registry([b], key: "guess"), heads: [head(b, 1, "h")], chainsWithEvents: [b], organizationIDs: [])
        #expect(set.problems(mac: mac) == [.registryForged])
    }

    @Test func aChainPeerwayNeverOpenedIsUnregistered() {
        let set = AuditChainSet(registry: registry([a]), heads: [head(a, 1, "h"), head(b, 1, "h")], chainsWithEvents: [a, b], organizationIDs: [])
        #expect(set.problems(mac: mac) == [.chainUnregistered(chain: b)])
    }

    @Test func anOrganizationWhoseChainIsNowhereIsMissing() {
        let set = AuditChainSet(registry: registry([a]), heads: [head(a, 1, "h")], chainsWithEvents: [a], organizationIDs: [orgA, orgB])
        #expect(set.problems(mac: mac) == [.chainMissing(chain: b)])
    }

    @Test func headAndRegistryBytesCannotPassForEachOther() {
        #expect(AuditSeal.headBytes(chain: "a", sequence: 1, hash: "h") != AuditSeal.registryBytes(chains: ["a", "1", "h"]))
        #expect(AuditSeal.registryBytes(chains: ["b", "a"]) == AuditSeal.registryBytes(chains: ["a", "b"]), "order does not matter")
        #expect(AuditSeal.registryChains(AuditSeal.registryText([a, b])) == [a, b])
    }

    // MARK: - Checkpoints

    var checkpoint: AuditCheckpoint {
        AuditCheckpoint(takenAt: Date(microsecondsSince1970: 1_800_000_000_000_000),
                        positions: [.init(chain: b, sequence: 7, hash: "b7"), .init(chain: a, sequence: 3, hash: "a3")])
    }

    @Test func aCheckpointRoundTripsThroughItsText() throws {
        let text = checkpoint.text(mac: mac)
        #expect(text.hasPrefix("peerway-audit-checkpoint v1\ntaken 1800000000000000\nchain \(a) 3 a3\n"))
        #expect(try AuditCheckpoint.read(text, mac: mac) == checkpoint)
    }

    @Test(arguments: ["chain", "taken", "mac", "header"])
    func anEditedCheckpointIsRefused(part: String) {
        var text = checkpoint.text(mac: mac)
        switch part {
        case "chain": text = text.replacingOccurrences(of: " 7 b7", with: " 6 b6")
        case "taken": text = text.replacingOccurrences(of: "taken 18", with: "taken 17")
        case "mac": text = text.replacingOccurrences(of: "\nmac ", with: "\nmac 0")
        default: text = text.replacingOccurrences(of: "v1", with: "v2")
        }
        #expect(throws: AuditCheckpoint.ReadError.self) { try AuditCheckpoint.read(text, mac: mac) }
    }

    @Test func aCheckpointSealedWithAnotherKeyIsRefused() {
        #expect(throws: AuditCheckpoint.ReadError.badSeal) { try AuditCheckpoint.read(checkpoint.text(mac: fakeMAC(key: "other")), mac: mac) }
    }

    @Test func aTrailThatGrewSinceTheCheckpointMatchesIt() {
        let hashes: [String: [Int64: String]] = [a: [3: "a3"], b: [7: "b7"]]
        let problems = checkpoint.problems(heads: [a: 10, b: 7], hashAt: { chain, seq in hashes[chain]?[seq] })
        #expect(problems.isEmpty)
    }

    @Test func aRolledBackChainIsBehind() {
        #expect(checkpoint.problems(heads: [a: 3, b: 5], hashAt: { _, _ in "a3" })
                == [.behindCheckpoint(chain: b, checkpointSequence: 7, headSequence: 5)])
    }

    @Test func aRewrittenEventDiffers() {
        let hashes: [String: [Int64: String]] = [a: [3: "a3"], b: [7: "forged"]]
        let problems = checkpoint.problems(heads: [a: 3, b: 9], hashAt: { chain, seq in hashes[chain]?[seq] })
        #expect(problems == [.differsFromCheckpoint(chain: b, sequence: 7)])
    }

    @Test func aChainGoneSinceTheCheckpointIsMissing() {
        #expect(checkpoint.problems(heads: [b: 7], hashAt: { _, _ in "b7" }) == [.chainMissing(chain: a)])
    }
}
