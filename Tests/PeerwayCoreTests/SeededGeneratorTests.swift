import Foundation
import Testing
import PeerwayCore

@Suite("Seeded generator")
struct SeededGeneratorTests {
    func values(seed: UInt64, count: Int = 100) -> [UInt64] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.next() }
    }

    func uuids(seed: UInt64, count: Int = 50) -> [UUID] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.uuid() }
    }

    @Test(arguments: [UInt64(0), 1, 42, 0xDEAD_BEEF, .max])
    func sameSeedGivesSameSequence(seed: UInt64) {
        #expect(values(seed: seed) == values(seed: seed))
        #expect(uuids(seed: seed) == uuids(seed: seed))
        var a = SeededGenerator(seed: seed)
        var b = SeededGenerator(seed: seed)
        let items = Array(0..<37)
        #expect((0..<50).map { _ in a.pick(items) } == (0..<50).map { _ in b.pick(items) })
    }

    @Test func knownAnswerForSeedZero() {
        // SplitMix64 reference outputs: the demo data set depends on this exact sequence.
        #expect(values(seed: 0, count: 3) == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func differentSeedsDiffer() {
        #expect(values(seed: 1) != values(seed: 2))
        #expect(uuids(seed: 1) != uuids(seed: 2))
        #expect(Set(uuids(seed: 1)).isDisjoint(with: uuids(seed: 2)))
    }

    @Test func valuesDoNotRepeatWithinASequence() {
        #expect(Set(values(seed: 7, count: 1000)).count == 1000)
        #expect(Set(uuids(seed: 7, count: 1000)).count == 1000)
    }

    @Test(arguments: [UInt64(0), 1, 99, .max])
    func uuidsHaveVersionFourAndRFCVariantBits(seed: UInt64) {
        for uuid in uuids(seed: seed) {
            let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 0x4, "\(uuid)")
            #expect(bytes[8] >> 6 == 0b10, "\(uuid)")
            let text = uuid.uuidString
            #expect(Array(text)[14] == "4")
            #expect("89AB".contains(Array(text)[19]))
        }
    }

    @Test func pickStaysWithinTheItems() {
        var generator = SeededGenerator(seed: 3)
        let items = ["a", "b", "c"]
        let picked = (0..<300).map { _ in generator.pick(items) }
        #expect(Set(picked) == Set(items))
    }
}
