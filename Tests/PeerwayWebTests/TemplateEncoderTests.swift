import Foundation
import Mustache
@testable import PeerwayWeb
import Testing

/// What a template reads from a view: every value a row holds is the row's own, even when it is nil
/// or empty, so a row never shows the page's value of the same name.
@Suite("Template values")
struct TemplateEncoderTests {
    struct Row: Encodable {
        var name: String
        var address: String?
        var note: String
        var count: Int?
        var flag: Bool?
    }

    struct View: PageView {
        var address: String
        var note: String
        var count: Int
        var flag: Bool
        var id: UUID
        var rows: [Row]
    }

    static func render(_ template: String, _ view: View) throws -> String {
        var library = MustacheLibrary()
        try library.register(template, named: "page")
        return library.render(TemplateEncoder.values(view), withTemplate: "page") ?? "(no template)"
    }

    @Test("a row's nil or empty value prints nothing and counts as absent; it never reads the page's value of that name")
    func rowValuesStayTheRows() throws {
        let view = View(address: "10.0.0.1", note: "the page's note", count: 7, flag: true, id: UUID(uuidString: "A86D0DA7-22E4-4233-A4E9-0EE016CBD8CD")!,
                        rows: [Row(name: "first", address: nil, note: "", count: nil, flag: nil),
                               Row(name: "second", address: "10.0.0.2", note: "own", count: 3, flag: false)])
        let template = "{{#rows}}[{{name}}|{{address}}|{{note}}|{{count}}|{{#flag}}yes{{/flag}}{{^flag}}no{{/flag}}|{{^address}}none{{/address}}]{{/rows}}"
        let rendered = try Self.render(template, view)
        #expect(rendered == "[first||||no|none][second|10.0.0.2|own|3|no|]", "\(rendered)")
    }

    @Test("the page's own values print as before: ids as UUID.text, numbers and flags as themselves")
    func pageValues() throws {
        let view = View(address: "10.0.0.1", note: "a <b>", count: 7, flag: true, id: UUID(uuidString: "A86D0DA7-22E4-4233-A4E9-0EE016CBD8CD")!, rows: [])
        #expect(try Self.render("{{address}} {{note}} {{count}} {{#flag}}on{{/flag}} {{id}} {{^empty(rows)}}rows{{/empty(rows)}}", view)
                == "10.0.0.1 a &lt;b&gt; 7 on a86d0da7-22e4-4233-a4e9-0ee016cbd8cd ")
    }
}
