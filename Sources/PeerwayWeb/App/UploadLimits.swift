import PeerwayStore

/// How much a request may send, by path. Forms and JSON are small everywhere but the directory's
/// import, which takes a county's HSDS files (88 MB of JSON for 50,000 services) and runs them as a job.
enum UploadLimits {
    static let standard = 1 << 20

    static func large(_ path: String) -> Bool {
        path == DirectoryRoutes.importHSDS.pattern || path == DirectoryRoutes.API.importHSDS.pattern
    }

    static func file(for path: String) -> Int { large(path) ? DirectoryImportJobs.maxBytes : standard }

    static func body(for path: String) -> Int {
        large(path) ? DirectoryImportJobs.maxBytes + standard : standard * MultipartForm.bodyLimitFactor
    }
}
