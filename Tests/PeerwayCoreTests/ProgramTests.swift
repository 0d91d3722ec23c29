import Foundation
import Testing
import PeerwayCore

@Suite("Program validation")
struct ProgramTests {
    func validate(name: String = "PeerLINKS", _ model: Program.Model, length: Int?, review: Int? = 30) -> Result<String, ValidationErrors> {
        do throws(ValidationErrors) {
            return .success(try Program.validate(name: name, model: model, defaultLengthDays: length, reviewFrequencyDays: review))
        } catch {
            return .failure(error)
        }
    }

    func errors(_ result: Result<String, ValidationErrors>) -> [ValidationError] {
        if case .failure(let e) = result { return e.errors }
        return []
    }

    @Test(arguments: [1, 30, 180, 3660])
    func timeLimitedAcceptsLengthsInRange(days: Int) {
        #expect(validate(.timeLimited, length: days) == .success("PeerLINKS"))
    }

    @Test(arguments: [Int.min, -1, 0, 3661, 100_000])
    func timeLimitedRejectsLengthsOutOfRange(days: Int) {
        #expect(errors(validate(.timeLimited, length: days)) == [
            ValidationError(field: "default_length_days", code: "out_of_range", messageKey: "error.length_out_of_range"),
        ])
    }

    @Test func timeLimitedRequiresALength() {
        #expect(errors(validate(.timeLimited, length: nil)) == [
            ValidationError(field: "default_length_days", code: "required", messageKey: "error.length_required"),
        ])
    }

    @Test func longTermNeedsNoLength() {
        #expect(validate(.longTerm, length: nil) == .success("PeerLINKS"))
    }

    @Test(arguments: [7, 30, 90, 366])
    func reviewFrequencyInRangeIsAccepted(days: Int) {
        #expect(validate(.longTerm, length: nil, review: days).isSuccess)
        #expect(validate(.timeLimited, length: 180, review: days).isSuccess)
    }

    @Test(arguments: [Int.min, 0, 6, 367, 1000])
    func reviewFrequencyOutOfRangeIsRejected(days: Int) {
        #expect(errors(validate(.longTerm, length: nil, review: days)) == [
            ValidationError(field: "review_frequency_days", code: "out_of_range", messageKey: "error.review_out_of_range"),
        ])
    }

    /// Seed 004, VIII.A: the continued-stay review "is not applicable for those MHCs providing services via a
    /// long term support model"; a time-limited program reviews.
    @Test func onlyLongTermSupportMayGoWithoutReviews() {
        #expect(validate(.longTerm, length: nil, review: nil) == .success("PeerLINKS"))
        #expect(errors(validate(.timeLimited, length: 182, review: nil)) == [
            ValidationError(field: "review_frequency_days", code: "required", messageKey: "error.review_required"),
        ])
    }

    @Test func reportsEveryProblemAtOnceWithFieldNames() throws {
        let result = validate(name: "  ", .timeLimited, length: nil, review: 0)
        let found = errors(result)
        #expect(found.map(\.field) == ["name", "default_length_days", "review_frequency_days"])
        #expect(found.map(\.code) == ["required", "required", "out_of_range"])
        guard case .failure(let all) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(all.first(for: "name")?.code == "required")
        #expect(all.first(for: "review_frequency_days")?.code == "out_of_range")
        #expect(all.first(for: "missing") == nil)
    }

    @Test func nameIsTrimmedAndCheckedLikeADisplayName() {
        #expect(validate(name: "  Next Steps \n", .longTerm, length: nil) == .success("Next Steps"))
        #expect(errors(validate(name: "Next\u{0}Steps", .longTerm, length: nil)).map(\.code) == ["invalid_characters"])
        #expect(errors(validate(name: String(repeating: "x", count: 201), .longTerm, length: nil)).map(\.code) == ["too_long"])
    }
}

private extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
