import Foundation

/// How the server listens and what it trusts. Every field has a `PEERWAY_*` variable (see the CLI's --help).
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// PEM certificate chain and key; when both are set the server speaks HTTPS only, cookies get the
    /// `__Host-` prefix and `Secure`, and HSTS is sent.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// Read the client address from `X-Forwarded-For` (only behind a proxy you run).
    public var trustForwardedFor: Bool
    /// Served over HTTPS by a proxy in front: cookies are marked Secure and HSTS is sent even though
    /// this process speaks plain HTTP.
    public var behindTLSProxy: Bool
    /// When set, `/metrics` answers only requests bearing this token (Prometheus `authorization`).
    public var metricsToken: String?
    /// How often the server re-verifies the audit chains by itself.
    public var auditVerifyHours: Int = 24
    /// A checkpoint file the periodic verification checks against and renews (see `AuditCheckpoint`);
    /// it should live on storage the database's administrators cannot write.
    public var auditCheckpointPath: String?
    /// The zone whose calendar decides "today" for dates staff enter (a county's local time).
    public var timeZone: TimeZone = .current

    public init(host: String = "127.0.0.1", port: Int = 8080, tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil,
                trustForwardedFor: Bool = false, behindTLSProxy: Bool = false) {
        self.host = host
        self.port = port
        self.tlsCertificatePath = tlsCertificatePath
        self.tlsKeyPath = tlsKeyPath
        self.trustForwardedFor = trustForwardedFor
        self.behindTLSProxy = behindTLSProxy
    }

    public var usesTLS: Bool { tlsCertificatePath != nil && tlsKeyPath != nil }
    /// Whether browsers reach us over HTTPS, directly or through a proxy.
    public var secureTransport: Bool { usesTLS || behindTLSProxy }
    public var sessionCookieName: String { secureTransport ? "__Host-peerway_session" : "peerway_session" }
    public var csrfCookieName: String { secureTransport ? "__Host-peerway_csrf" : "peerway_csrf" }
    public var languageCookieName: String { secureTransport ? "__Host-peerway_lang" : "peerway_lang" }
}
