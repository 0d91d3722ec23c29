import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PeerwayCore
import PeerwayStore
import PeerwayWeb
import ServiceLifecycle
import Logging

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the server: an unauthenticated route and authenticated pages, in one run.",
        discussion: """
            Builds a demo database (SQLite in a temporary folder, or the empty PostgreSQL database given with
            --database), starts the server in this process on a free loopback port, signs in as the demo peer
            specialist over HTTP, then sends --requests requests per route from --concurrency keep-alive
            connections. Prints requests per second and latency percentiles as a Markdown table. The load
            generator shares the machine's cores with the server, so figures are a floor, not a ceiling.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "Requests per route.") var requests = 5000
    @Option(help: "Concurrent connections.") var concurrency = 16
    @Option(help: "Participants the demo data set is sized for.") var participants = 500
    @Option(help: "Seed of the demo data.") var seed: UInt64 = 1

    func run() async throws {
        try await runReportingErrors {
            guard requests > 0, concurrency > 0, concurrency <= 512 else { throw CLIError("--requests must be positive and --concurrency 1-512") }
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
            _ = try await DemoGenerator(seed: seed, participants: participants, base32: SecondFactor.base32).generate(into: db, audit: audit) { bar.update($0, $1) }
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
                print("Peerway bench: \(location.dialect.rawValue), \(participants) participants' data set, \(requests) requests per route, \(concurrency) connections")
                print("")
                print("| route | signed in as | requests/s | p50 ms | p90 ms | p99 ms | errors |")
                print("|---|---|---:|---:|---:|---:|---:|")
                // The peer's own pages, then a program manager searching the whole program (the widest reach).
                let routes: [(String, String?, String)] = [
                    ("/health/live", nil, "none"), ("/", cookie, "peer"), ("/account", cookie, "peer"), ("/caseload", cookie, "peer"),
                    ("/participants?q=\(prefix)", cookie, "peer"), ("/participants?q=\(family)", managerCookie, "manager"),
                    ("/participants?q=\(prefix)", managerCookie, "manager"), ("/participants?q=\(dob)", managerCookie, "manager"),
                ]
                for (path, session, who) in routes {
                    let result = try await load(client, url: base + path, cookie: session)
                    print(String(format: "| %@ | %@ | %.0f | %.2f | %.2f | %.2f | %d |", path, who,
                                 result.throughput, result.p(0.50), result.p(0.90), result.p(0.99), result.errors))
                }
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
    }

    struct Result {
        var latencies: [Double]
        var seconds: Double
        var errors: Int
        var throughput: Double { Double(latencies.count) / seconds }
        func p(_ q: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]
        }
    }

    func load(_ client: HTTPClient, url: String, cookie: String?) async throws -> Result {
        let total = requests
        let workers = concurrency
        let counter = Counter()
        let start = ContinuousClock.now
        let perWorker = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    while await counter.next() < total {
                        var request = HTTPClientRequest(url: url)
                        if let cookie { request.headers.add(name: "Cookie", value: cookie) }
                        let began = ContinuousClock.now
                        let response = try await client.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 4 << 20)
                        let elapsed = ContinuousClock.now - began
                        if response.status != .ok { errors += 1 }
                        latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                    }
                    return (latencies, errors)
                }
            }
            var all: [([Double], Int)] = []
            for try await part in group { all.append(part) }
            return all
        }
        let elapsed = ContinuousClock.now - start
        return Result(latencies: perWorker.flatMap(\.0), seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                      errors: perWorker.map(\.1).reduce(0, +))
    }

    /// Signs in through the real form, as a browser would, and returns the Cookie header for the session.
    func signIn(_ client: HTTPClient, base: String, local: String = "peer") async throws -> String {
        let page = try await client.execute(HTTPClientRequest(url: base + "/signin"), timeout: .seconds(30))
        let html = String(buffer: try await page.body.collect(upTo: 1 << 20))
        guard let csrfCookie = page.headers["Set-Cookie"].first(where: { $0.hasPrefix("peerway_csrf=") })?.split(separator: ";").first,
              let range = html.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) else { throw CLIError("bench: sign-in page not as expected") }
        let token = html[range].split(separator: "\"")[3]
        var post = HTTPClientRequest(url: base + "/signin")
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
