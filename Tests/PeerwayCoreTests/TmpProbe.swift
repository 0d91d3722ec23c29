import Foundation
import Testing
import PeerwayCore

@Test func probeCRLF() {
    #expect(CSVWriter.cell("line 1\r\nline 2") == "\"line 1\r\nline 2\"")
    var w = CSVWriter(header: ["note"])
    w.append(["fine\r\n=HYPERLINK(\"http://evil.example\",\"x\")"])
    print(w.text.debugDescription)
}
@Test func probeZWJ() {
    for s in ["👩‍⚕️ Sam", "Mehr\u{200C}dad", "👨‍👩‍👧"] {
        #expect(throws: Never.self) { _ = try Credentials.validateDisplayName(s) }
    }
}
@Test func probeShortLocalPart() {
    #expect(throws: Never.self) { try Credentials.validatePassword("correct horse battery staple", email: "a@example.org") }
    #expect(throws: Never.self) { try Credentials.validatePassword("enjoy long walks", email: "jo@example.org") }
}
@Test func probeNilVsEmptyResourceID() {
    let e = AuditEvent(id: UUID(), chain: "system", sequence: 1, occurredAt: Date(), organizationID: nil, actorUserID: nil, actorLabel: "", action: .signIn, resourceType: "x", resourceID: nil, participantID: nil, outcome: .success, requestID: "", clientAddress: "", detail: "", previousHash: "", hash: "")
    var f = e; f.resourceID = ""
    #expect(e.canonicalBytes != f.canonicalBytes)
}
@Test func probeThrottlePatient() {
    let p = ThrottlePolicy.standard
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    var c: ThrottlePolicy.Counter? = nil
    var now = t0
    var guesses = 0
    // attacker: try whenever not locked, 1 s apart, for 24 h; locked attempts are not recorded (as SignInService does)
    while now < t0.addingTimeInterval(86_400) {
        if p.retryAfter(c, now: now) == nil { c = p.recordingFailure(c, kind: .account, now: now); guesses += 1 }
        now = now.addingTimeInterval(1)
    }
    print("guesses in 24h:", guesses, "max lock:", c!.lockedUntil!.timeIntervalSince(now))
    #expect(guesses < 100)
}
