import ArgumentParser
import Foundation

@main
struct PeerwayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peerway",
        abstract: "Peerway: records, pages and reports for behavioural-health peer support programs.",
        discussion: """
            Configuration comes from flags or PEERWAY_* environment variables; a flag wins.

            PEERWAY_DATABASE_URL
                sqlite:/path/file.db, a path ending in .db, or
                postgres://user:pass@host:5432/db?sslmode=require
            PEERWAY_AUDIT_KEY, PEERWAY_AUDIT_KEY_FILE
                the secret keying the audit hash chain, or a file holding it
                (created with mode 0600 if missing, except in production)
            PEERWAY_HOST, PEERWAY_PORT
                where `serve` listens (default 127.0.0.1 and 8080)
            PEERWAY_TLS_CERT, PEERWAY_TLS_KEY
                PEM files: serve HTTPS directly
            PEERWAY_BEHIND_TLS_PROXY=1
                a proxy in front terminates HTTPS (secure cookies, HSTS)
            PEERWAY_TRUST_FORWARDED_FOR=1
                take the client address from X-Forwarded-For
            PEERWAY_ENV=production
                refuse to start without an audit key and HTTPS
            PEERWAY_METRICS_TOKEN
                when set, /metrics requires `Authorization: Bearer <token>`
            PEERWAY_AUDIT_VERIFY_HOURS
                how often `serve` re-verifies the audit chains itself (default 24)
            PEERWAY_LOG_LEVEL
                trace, debug, info (default), notice, warning, error, critical
            """,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, SetupCommand.self, DemoCommand.self, UserCommand.self, TokenCommand.self,
            AuditCommand.self, BackupCommand.self, BenchCommand.self, ParticipantsCommand.self, ContactsCommand.self, HistoryCommand.self, ServicesCommand.self,
            ReferralsCommand.self, DirectoryCommand.self, InstrumentsCommand.self, WorkforceCommand.self, ReportCommand.self, EvaluatorCommand.self,
        ])
}
