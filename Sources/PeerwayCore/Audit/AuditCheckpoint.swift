import Foundation

/// Where each audit chain stood at one moment (its last sequence number and hash), sealed with the
/// audit key and kept outside the database. Whoever restores an older copy of the database, or
/// cuts a chain and rewinds its sealed head to an older sealed state they saved, leaves a database
/// that is consistent with itself; only a record kept elsewhere shows that it went backwards.
///
/// The text form is one line per fact, so an operator can read it and diff two of them:
///
///     peerway-audit-checkpoint v1
///     taken 1796536800000000
///     chain org:6f1c… 1234 9ad0…
///     chain system 88 51be…
///     mac 3c7e…
public struct AuditCheckpoint: Sendable, Equatable {
    public struct Position: Sendable, Equatable {
        public var chain: String
        public var sequence: Int64
        public var hash: String
        public init(chain: String, sequence: Int64, hash: String) {
            self.chain = chain
            self.sequence = sequence
            self.hash = hash
        }
    }

    public static let header = "peerway-audit-checkpoint v1"

    public var takenAt: Date
    public var positions: [Position]

    public init(takenAt: Date, positions: [Position]) {
        self.takenAt = takenAt
        self.positions = positions.sorted { $0.chain < $1.chain }
    }

    /// The lines the MAC covers.
    var body: String {
        ([Self.header, "taken \(takenAt.microsecondsSince1970)"] + positions.map { "chain \($0.chain) \($0.sequence) \($0.hash)" })
            .joined(separator: "\n") + "\n"
    }

    public func text(mac: ([UInt8]) -> String) -> String {
        body + "mac \(mac(Array(body.utf8)))\n"
    }

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case malformed(line: Int)
        case badSeal

        public var description: String {
            switch self {
            case .malformed(let line): "line \(line) is not part of a Peerway audit checkpoint"
            case .badSeal: "its seal does not match (edited, or made with another audit key)"
            }
        }
    }

    /// Parses and checks the seal; a checkpoint that fails either is worthless as an anchor.
    public static func read(_ text: String, mac: ([UInt8]) -> String) throws(ReadError) -> AuditCheckpoint {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == header else { throw .malformed(line: 1) }
        guard lines.count >= 4, lines[1].hasPrefix("taken "), let micros = Int64(lines[1].dropFirst(6)) else { throw .malformed(line: 2) }
        var positions: [Position] = []
        var index = 2
        while index < lines.count, lines[index].hasPrefix("chain ") {
            let parts = lines[index].split(separator: " ")
            guard parts.count == 4, let seq = Int64(parts[2]), seq >= 0 else { throw .malformed(line: index + 1) }
            positions.append(Position(chain: String(parts[1]), sequence: seq, hash: String(parts[3])))
            index += 1
        }
        guard index < lines.count, lines[index].hasPrefix("mac "), lines.dropFirst(index + 1).allSatisfy(\.isEmpty) else {
            throw .malformed(line: index + 1)
        }
        let checkpoint = AuditCheckpoint(takenAt: Date(microsecondsSince1970: micros), positions: positions)
        guard checkpoint.body == lines[0..<index].joined(separator: "\n") + "\n",
              mac(Array(checkpoint.body.utf8)) == String(lines[index].dropFirst(4)) else { throw .badSeal }
        return checkpoint
    }

    /// Compares the checkpoint with the chains as they are now: `heads` are the current heads,
    /// `hashAt` gives the stored hash of a chain's event at a sequence number (nil when absent).
    public func problems(heads: [String: Int64], hashAt: (String, Int64) -> String?) -> [AuditChainVerifier.Problem] {
        var problems: [AuditChainVerifier.Problem] = []
        for position in positions {
            guard let head = heads[position.chain] else {
                problems.append(.chainMissing(chain: position.chain))
                continue
            }
            if head < position.sequence {
                problems.append(.behindCheckpoint(chain: position.chain, checkpointSequence: position.sequence, headSequence: head))
            } else if position.sequence > 0, hashAt(position.chain, position.sequence) != position.hash {
                problems.append(.differsFromCheckpoint(chain: position.chain, sequence: position.sequence))
            }
        }
        return problems
    }
}
