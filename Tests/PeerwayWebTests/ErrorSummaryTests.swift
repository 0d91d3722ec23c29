import Foundation
@testable import PeerwayWeb
import Testing

/// The error summary names each refused field with the form's own words (its label, or its group's
/// legend), so a list of the same message says which field each one is about.
@Suite("Error summary")
struct ErrorSummaryTests {
    static let form = """
        <div id="form-summary"><p>Some fields need attention.</p><!--error-list--></div>
        <label for="email">Email address <span class="req">*</span></label>
        <input id="email" name="email"><p class="field-error" id="email-error">This is required.</p>
        <fieldset id="satisfaction">
          <legend>How satisfied are you with your job? <span class="req">*</span></legend>
          <label class="check" for="satisfaction-0"><input type="radio" id="satisfaction-0" name="satisfaction" value="1"> Very dissatisfied</label>
        </fieldset><p class="field-error" id="satisfaction-error">This is required.</p>
        <label class="check" for="agree"><input type="checkbox" id="agree" name="agree"> I agree &amp; sign</label>
        <p class="field-error" id="agree-error">Please confirm.</p>
        <input id="code" name="code"><p class="field-error" id="code-error">Not a valid code.</p>
        """

    @Test("each item starts with its field's label or legend, without the required mark, and links to the field")
    func named() {
        let filled = ErrorSummary.fill(Self.form)
        #expect(filled.contains(##"<li><a href="#email">Email address: This is required.</a></li>"##))
        // A question keeps its own punctuation; a group is reached through its first choice.
        #expect(filled.contains(##"<li><a href="#satisfaction-0">How satisfied are you with your job? This is required.</a></li>"##))
        #expect(filled.contains(##"<li><a href="#agree">I agree &amp; sign: Please confirm.</a></li>"##))
        // A field the form names no way the summary can read keeps its message alone.
        #expect(filled.contains(##"<li><a href="#code">Not a valid code.</a></li>"##))
        #expect(!filled.contains(ErrorSummary.marker))
    }

    @Test("a field's name is read as a pattern's literal text, never as a pattern")
    func literalNames() {
        let body = #"<label for="a.b">Dotted</label><label for="axb">Other</label>"#
        #expect(ErrorSummary.name(of: "a.b", in: body) == "Dotted")
        #expect(ErrorSummary.name(of: "a+", in: body) == nil)
    }
}
