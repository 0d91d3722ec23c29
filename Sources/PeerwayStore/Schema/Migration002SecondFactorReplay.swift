/// Remembers the last accepted one-time-code step per account, so a code seen over someone's shoulder
/// (or replayed from a captured request) cannot be used a second time within its 90-second life.
enum Migration002SecondFactorReplay {
    static let migration = Migration(version: 2, name: "second_factor_replay") { _ in
        ["ALTER TABLE users ADD COLUMN totp_last_step BIGINT"]
    }
}
