import Foundation
import HTTPTypes
import Metrics

/// Request counts and durations for `/metrics`, recorded by `FrontMiddleware` once the response is
/// final, so a refusal counts with the status actually sent (401, 403, 303...), never as a 500.
/// Series: `hb_requests` (counter) and `http_server_request_duration` (histogram), labelled
/// `http_route` (the route pattern, `NotFound` when none matched), `http_request_method` and
/// `http_response_status_code`; `http_server_active_requests` by method. The metric names are
/// Hummingbird's own, so dashboards keep working.
final class RequestMetrics: @unchecked Sendable {
    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private let factory: any MetricsFactory
    private let lock = NSLock()
    private var series: [Key: (Counter, Metrics.Timer)] = [:]
    private var active: [String: Meter] = [:]

    /// Methods outside these are counted as `_OTHER`: a caller must not be able to create series at will.
    private static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "QUERY"]

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    static func methodLabel(_ method: HTTPRequest.Method) -> String {
        knownMethods.contains(method.rawValue) ? method.rawValue : "_OTHER"
    }

    /// Counts a request in flight; call `finished` with the same method when it has been answered.
    func started(_ method: HTTPRequest.Method) {
        meter(Self.methodLabel(method)).increment()
    }

    func finished(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status, nanoseconds: Int64) {
        let label = Self.methodLabel(method)
        let key = Key(route: route, method: label, status: status.code)
        let (counter, timer) = lock.withLock { () -> (Counter, Metrics.Timer) in
            if let found = series[key] { return found }
            let dimensions = [("http.route", route), ("http.request.method", label), ("http.response.status_code", String(status.code))]
            let made = (Counter(label: "hb.requests", dimensions: dimensions, factory: factory),
                        Metrics.Timer(label: "http.server.request.duration", dimensions: dimensions, factory: factory))
            series[key] = made
            return made
        }
        counter.increment()
        timer.recordNanoseconds(nanoseconds)
        meter(label).decrement()
    }

    private func meter(_ method: String) -> Meter {
        lock.withLock {
            if let found = active[method] { return found }
            let made = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method)], factory: factory)
            active[method] = made
            return made
        }
    }
}
