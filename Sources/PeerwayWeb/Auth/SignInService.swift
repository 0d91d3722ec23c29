import Foundation
import HTTPTypes
import PeerwayCore
import PeerwayStore

/// Checks a password against the account and the throttles, and opens a session. The answer for a
/// wrong password, an unknown address and a disabled account is the same, in the same time.
extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

struct SignInService: Sendable {
    let env: AppEnvironment

    enum Outcome {
        case signedIn(rawSessionID: String, session: SessionRecord, user: User)
        case rejected
        case throttled(retryAfter: Int)
    }

    func signIn(email rawEmail: String, password: String, context: AuditContext) async throws -> Outcome {
        let now = env.clock.now()
        let email = (try? Credentials.normalizedEmail(rawEmail)) ?? rawEmail.lowercased().trimmingCharacters(in: .whitespaces)
        let accountKey = "account:\(email)"
        let addressKey = "address:\(context.clientAddress)"
        let keys = [(accountKey, ThrottlePolicy.Kind.account), (addressKey, .address)]

        // Counted before the password is checked, so concurrent guesses cannot all slip through.
        if let retry = try await admit(keys, now: now) {
            let creds = try await env.db.read { conn in try await UserRecords.credentials(email: email, on: conn) }
            try await env.audit.record(env.db, context, .signInThrottled, resourceType: .session,
                                            organizationID: creds?.user.organizationID, outcome: .denied)
            return .throttled(retryAfter: retry)
        }
        let creds = try await env.db.read { conn in try await UserRecords.credentials(email: email, on: conn) }
        // Every attempt pays for one full hash, whatever the account's state, so timing tells nothing
        // about whether an address has an account or whether it is disabled.
        let passwordMatches: Bool
        if let creds {
            passwordMatches = env.hasher.verify(password, against: creds.passwordHash)
        } else {
            env.hasher.verifyDummy(password)
            passwordMatches = false
        }
        guard let creds, passwordMatches, !creds.user.disabled else {
            var ctx = context
            ctx.actorUserID = creds?.user.id
            let detail = creds == nil ? "unknown account" : (creds!.user.disabled ? "disabled account" : "wrong password")
            try await env.audit.record(env.db, ctx, .signInFailed, resourceType: .session, organizationID: creds?.user.organizationID,
                                            outcome: .failure, detail: detail)
            return .rejected
        }

        let user = creds.user
        let needsSecondFactor = user.signInNeedsSecondFactor
        let rehash = env.hasher.needsRehash(creds.passwordHash) ? try env.hasher.hash(password) : nil
        let throttle = env.throttle
        let (raw, session) = try await env.db.write { conn in
            try await ThrottleRecords.clear(accountKey, on: conn)
            if let counter = throttle.refunding(try await ThrottleRecords.get(addressKey, on: conn), kind: .address) {
                try await ThrottleRecords.put(addressKey, counter, on: conn)
            }
            if let rehash { try await UserRecords.setPasswordHash(user.id, rehash, on: conn) }
            let created = try await SessionRecords.create(userID: user.id, organizationID: user.organizationID, secondFactorDone: !needsSecondFactor,
                                                          clientAddress: context.clientAddress, now: now, on: conn)
            var ctx = context
            ctx.actorUserID = user.id
            ctx.actorLabel = user.displayName
            try await env.audit.append(ctx, .signIn, resourceType: .session, organizationID: user.organizationID,
                                            detail: needsSecondFactor ? "password accepted; second factor pending" : "signed in", on: conn)
            return created
        }
        return .signedIn(rawSessionID: raw, session: session, user: user)
    }

    /// Admits one attempt against every key in one transaction: nil when it may go ahead (each key
    /// has counted it), or the seconds to wait when any key is locked (then nothing is counted).
    private func admit(_ keys: [(String, ThrottlePolicy.Kind)], now: Date) async throws -> Int? {
        let throttle = env.throttle
        return try await env.db.write { conn -> Int? in
            var admitted: [(String, ThrottlePolicy.Counter)] = []
            for (key, kind) in keys {
                switch throttle.admit(try await ThrottleRecords.lock(key, now: now, on: conn), kind: kind, now: now) {
                case .locked(let retry): return retry
                case .admitted(let counter): admitted.append((key, counter))
                }
            }
            for (key, counter) in admitted { try await ThrottleRecords.put(key, counter, on: conn) }
            return nil
        }
    }

    /// Checks a code for the pending session. On success the session is replaced by a new one (a new
    /// id once the person is fully signed in), and the raw id of that one is returned.
    func completeSecondFactor(session: SessionRecord, user: User, code: String, context: AuditContext) async throws -> String? {
        let now = env.clock.now()
        let accountKey = "account:\(user.email)"
        if let retry = try await admit([(accountKey, .account)], now: now) {
            throw WebError(status: .tooManyRequests, code: "throttled", messageKey: "error.throttled", retryAfter: retry)
        }
        let creds = try await env.db.read { conn in try await UserRecords.credentials(id: user.id, on: conn) }
        var ctx = context
        ctx.actorUserID = user.id
        ctx.actorLabel = user.displayName
        ctx.organizationID = user.organizationID
        let step = creds?.totpSecret.flatMap { SecondFactor.matchingStep(code, secret: $0, now: now) }
        let claimed = try await step.asyncMap { step in
            try await env.db.write { conn in try await UserRecords.claimTOTPStep(user.id, step: step, on: conn) }
        } ?? false
        guard claimed else {
            try await env.audit.record(env.db, ctx, .secondFactorFailed, resourceType: .session, outcome: .failure)
            return nil
        }
        return try await env.db.write { conn in
            try await ThrottleRecords.clear(accountKey, on: conn)
            try await SessionRecords.delete(session.idHash, on: conn)
            let (raw, _) = try await SessionRecords.create(userID: user.id, organizationID: user.organizationID, secondFactorDone: true,
                                                           clientAddress: context.clientAddress, now: now, on: conn)
            try await env.audit.append(ctx, .signIn, resourceType: .session, detail: "second factor accepted", on: conn)
            return raw
        }
    }
}
