import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PeerwayCore
import PeerwayDemo
import PeerwayStore
import PeerwayWeb
import ServiceLifecycle
import Logging

struct BenchCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the server: an unauthenticated route and authenticated pages, in one run.",
        discussion: """
            Builds a demo database (SQLite in a temporary folder, or the empty PostgreSQL database given with
            --database), starts the server in this process on a free loopback port, signs in as the demo peer
            specialist over HTTP, then sends --requests requests per route from --concurrency keep-alive
            connections. Prints requests per second and latency percentiles as a Markdown table. The load
            generator shares the machine's cores with the server, so figures are a floor, not a ceiling.

            Pages are read first; the peer's week page is their last full week. Documenting a service (POST /api/v1/services, signed, as the demo peer
            with a personal access token, for the people on their caseload in turn) comes last, since
            every one of those requests adds a service to the peer's week.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "Requests per route.") var requests = 5000
    @Option(help: "Concurrent connections.") var concurrency = 16
    @Option(help: "Participants the demo data set is sized for.") var participants = 500
    @Option(help: ArgumentHelp("Total services in the demo data (default: a few per person served).", valueName: "N")) var services: Int?
    @Option(help: "Seed of the demo data.") var seed: UInt64 = 1

    func execute() async throws {
        guard requests > 0, concurrency > 0, concurrency <= 512 else { throw CLIError("--requests must be positive and --concurrency 1-512") }
        if let services, !(0...100_000_000).contains(services) { throw CLIError("--services must be between 0 and 100000000") }
        _ = ServerRunner.bootstrap
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("peerway-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        var options = store
        if options.database == nil && ProcessInfo.processInfo.environment["PEERWAY_DATABASE_URL"] == nil {
            options.database = tmp.appendingPathComponent("bench.db").path
        }
        let location = try options.location()
        try await options.withStore { db, audit in
            let bar = ProgressBar("demo data")
            let servicesBar = ProgressBar("services")
            let phases = PhaseTimes()
            let summary = try await DemoGenerator(seed: seed, participants: participants, servicesTarget: services, base32: SecondFactor.base32)
                .generate(into: db, audit: audit, progress: { bar.update($0, $1) }, servicesProgress: { done, total in
                    servicesBar.update(done, total)
                    phases.services(done: done, total: total)
                })
            let generation = phases.finish()
            let key = try options.auditKey(for: location)

            let port = PortBox()
            let app = try await ServerRunner.application(db: db, key: key, config: WebConfiguration(host: "127.0.0.1", port: 0)) { await port.set($0) }
            var quiet = Logger(label: "peerway.bench")
            quiet.logLevel = .critical
            let group = ServiceGroup(configuration: .init(services: [app], logger: quiet))
            let server = Task { try await group.run() }
            let bound = try await port.wait()
            let base = "http://127.0.0.1:\(bound)"
            var config = HTTPClient.Configuration()
            config.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
            config.redirectConfiguration = .disallow
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
            do {
                let cookie = try await signIn(client, base: base)
                let managerCookie = try await signIn(client, base: base, local: "manager")
                let sample = try await db.read { conn in try await PersonRecords.sampleQueries(on: conn) }
                let family = sample.map { NameSearch.tokens(of: $0.familyName).first ?? "a" } ?? "a"
                let prefix = String(family.prefix(3))
                let dob = sample?.dateOfBirth ?? "1990-01-01"
                let service = try await serviceRequests(db, base: base)
                print("Peerway bench: \(location.dialect.rawValue), \(participants) participants' data set, \(requests) requests per route, \(concurrency) connections")
                print("Demo data: \(summary.people) people, \(summary.services) services (\(summary.groupSessions) group sessions), "
                      + "\(summary.outreachEvents) outreach events; generated in \(generation)")
                print("The demo peer's caseload: \(service.caseload) people; their last full week (\(service.lastWeek)) holds \(service.week) services")
                print("")
                print("| route | signed in as | requests/s | p50 ms | p90 ms | p99 ms | errors |")
                print("|---|---|---:|---:|---:|---:|---:|")
                // The peer's own pages, then a program manager searching the whole program (the widest reach).
                let routes: [(String, String?, String)] = [
                    (SiteRoutes.healthLive(), nil, "none"), (SiteRoutes.home(), cookie, "peer"), (AccountRoutes.account(), cookie, "peer"),
                    (ParticipantRoutes.caseload(), cookie, "peer"), (ParticipantRoutes.participants(query: ["q": prefix]), cookie, "peer"),
                    (ParticipantRoutes.participants(query: ["q": family]), managerCookie, "manager"),
                    (ParticipantRoutes.participants(query: ["q": prefix]), managerCookie, "manager"),
                    (ParticipantRoutes.participants(query: ["q": dob]), managerCookie, "manager"),
                    (ServiceRoutes.week(query: ["date": service.lastWeek]), cookie, "peer"),
                ]
                for (path, session, who) in routes {
                    let result = try await load(client) { _ in
                        var request = HTTPClientRequest(url: base + path)
                        if let session { request.headers.add(name: "Cookie", value: session) }
                        return request
                    }
                    report(path, who, result)
                }
                // Last: every request documents one more service in the peer's current week.
                let post = try await load(client, expect: .created, service.request)
                report("POST /api/v1/services", "peer (token)", post)
            } catch {
                try? await client.shutdown()
                await group.triggerGracefulShutdown()
                _ = await server.result
                throw error
            }
            try await client.shutdown()
            await group.triggerGracefulShutdown()
            _ = await server.result
        }
    }

    func report(_ route: String, _ who: String, _ result: Result) {
        print(String(format: "| %@ | %@ | %.0f | %.2f | %.2f | %.2f | %d |", route, who,
                     result.throughput, result.p(0.50), result.p(0.90), result.p(0.99), result.errors))
        if let first = result.firstError { FileHandle.standardError.write(Data("bench: \(route): first unexpected answer: \(first)\n".utf8)) }
    }

    struct ServiceRequests: Sendable {
        var caseload: Int
        /// A day of the last full week (Monday to Sunday) before this one, and the peer's services in it:
        /// the current week may be a day old, and the POSTs add to it.
        var lastWeek: String
        var week: Int
        var request: @Sendable (Int) -> HTTPClientRequest
    }

    /// The POST that documents a service, as the demo peer with a personal access token, for the people on
    /// their caseload in turn: signed, 30 minutes, started three hours ago on the server's clock (today, or
    /// late yesterday just after midnight), so it is neither in the future nor a late entry.
    func serviceRequests(_ db: Database, base: String) async throws -> ServiceRequests {
        let email = "peer@\(DemoGenerator.emailDomain)"
        let (token, caseload, week) = try await db.write { conn -> (String, [CaseloadEntry], Int) in
            guard let peer = try await UserRecords.credentials(email: email, on: conn)?.user else { throw CLIError("bench: no \(email)") }
            let created = try await TokenRecords.create(id: UUID(), userID: peer.id, organizationID: peer.organizationID, name: "bench", expiresAt: nil,
                                                        now: Date(), on: conn)
            let caseload = try await CaseloadRecords.forPeers([peer.id], on: conn).sorted { $0.person.id.uuidString < $1.person.id.uuidString }
            let monday = ServiceWeek.start(of: CalendarDate(Date(), in: .current)).adding(days: -7)
            let week = try await ServiceRecords.byPeer(peer.id, from: monday, to: monday.adding(days: 6), on: conn).count
            return (created.raw, caseload, week)
        }
        let lastWeek = ServiceWeek.start(of: CalendarDate(Date(), in: .current)).adding(days: -7).description
        guard !caseload.isEmpty else { throw CLIError("bench: the demo peer has no caseload") }
        let start = Date().addingTimeInterval(-3 * 3600)
        let time = Calendar.gregorian(in: .current).dateComponents([.hour, .minute], from: start)
        let fields = (date: CalendarDate(start, in: .current).description, time: String(format: "%02d:%02d", time.hour!, time.minute!))
        let bodies = try caseload.map { entry in
            let body: [String: Any] = [
                "person_id": entry.person.id.text, "program_id": entry.episode.programID.text,
                "date": fields.date, "start_time": fields.time, "duration_minutes": 30, "service_type": "peer_navigation",
                "core_functions": ["health_system_navigation"], "modality": "in_person", "setting": "community", "language": "en",
                "note": "Met at the clinic before the appointment; went over the questions for the psychiatrist. Next contact in one week.",
                "sign": true,
            ]
            return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]))
        }
        let url = base + ServiceRoutes.API.services()
        return ServiceRequests(caseload: caseload.count, lastWeek: lastWeek, week: week) { index in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(bodies[index % bodies.count])
            return request
        }
    }

    struct Result {
        var latencies: [Double]
        var seconds: Double
        var errors: Int
        var firstError: String?
        var throughput: Double { Double(latencies.count) / seconds }
        func p(_ q: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
        }
    }

    /// Sends `requests` requests from `concurrency` connections; `make` builds the n-th request (any method,
    /// headers and body). An answer other than `expect` counts as an error.
    func load(_ client: HTTPClient, expect: HTTPResponseStatus = .ok, _ make: @escaping @Sendable (Int) -> HTTPClientRequest) async throws -> Result {
        let total = requests
        let workers = concurrency
        let counter = Counter()
        let start = ContinuousClock.now
        let perWorker = try await withThrowingTaskGroup(of: ([Double], Int, String?).self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    var firstError: String?
                    while true {
                        let index = await counter.next()
                        guard index < total else { break }
                        let request = make(index)
                        let began = ContinuousClock.now
                        let response = try await client.execute(request, timeout: .seconds(30))
                        let body = try await response.body.collect(upTo: 4 << 20)
                        let elapsed = ContinuousClock.now - began
                        if response.status != expect {
                            errors += 1
                            if firstError == nil { firstError = "\(response.status.code) \(String(buffer: body).prefix(300))" }
                        }
                        latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                    }
                    return (latencies, errors, firstError)
                }
            }
            var all: [([Double], Int, String?)] = []
            for try await part in group { all.append(part) }
            return all
        }
        let elapsed = ContinuousClock.now - start
        return Result(latencies: perWorker.flatMap(\.0), seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                      errors: perWorker.map(\.1).reduce(0, +), firstError: perWorker.compactMap(\.2).first)
    }

    /// Signs in through the real form, as a browser would, and returns the Cookie header for the session.
    func signIn(_ client: HTTPClient, base: String, local: String = "peer") async throws -> String {
        let page = try await client.execute(HTTPClientRequest(url: base + SiteRoutes.signIn()), timeout: .seconds(30))
        let html = String(buffer: try await page.body.collect(upTo: 1 << 20))
        guard let csrfCookie = page.headers["Set-Cookie"].first(where: { $0.hasPrefix("peerway_csrf=") })?.split(separator: ";").first,
              let range = html.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) else { throw CLIError("bench: sign-in page not as expected") }
        let token = html[range].split(separator: "\"")[3]
        var post = HTTPClientRequest(url: base + SiteRoutes.signIn())
        post.method = .POST
        post.headers.add(name: "Cookie", value: String(csrfCookie))
        post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = "email=\(local)%40\(DemoGenerator.emailDomain)&password=\(DemoGenerator.password)&csrf=\(token)"
        post.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(post, timeout: .seconds(60))
        guard response.status == .seeOther,
              let session = response.headers["Set-Cookie"].first(where: { $0.hasPrefix("peerway_session=") })?.split(separator: ";").first else {
            throw CLIError("bench: sign-in failed with status \(response.status.code)")
        }
        return String(session)
    }
}

/// When the demo generator's phases ended: staff and the participants' journey, the episodes' services,
/// then the statistics (ANALYZE).
final class PhaseTimes: @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var servicesStart: ContinuousClock.Instant?
    private var servicesEnd: ContinuousClock.Instant?

    func services(done: Int, total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = ContinuousClock.now
        if servicesStart == nil { servicesStart = now }
        if done >= total { servicesEnd = now }
    }

    /// "356 s (journey 120 s, services 220 s, ANALYZE 16 s)".
    func finish() -> String {
        lock.lock(); defer { lock.unlock() }
        let end = ContinuousClock.now
        func s(_ d: Duration) -> String { "\(d.components.seconds) s" }
        guard let servicesStart, let servicesEnd else { return s(end - start) }
        return "\(s(end - start)) (staff and journey \(s(servicesStart - start)), services \(s(servicesEnd - servicesStart)), "
            + "ANALYZE \(s(end - servicesEnd)))"
    }
}

actor Counter {
    private var value = 0
    func next() -> Int { defer { value += 1 }; return value }
}

actor PortBox {
    private var port: Int?
    private var waiters: [CheckedContinuation<Int, Never>] = []
    func set(_ p: Int) { port = p; for w in waiters { w.resume(returning: p) }; waiters.removeAll() }
    func wait() async throws -> Int {
        if let port { return port }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
