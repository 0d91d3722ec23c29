import Foundation
import PeerwayCore
import Testing

/// The HSDS 3.0 examples and schemas copied into the fixtures (see their README).
enum HSDSFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hsds-3.0/examples")

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: root.appendingPathComponent(name))) }

    static var jsonExamples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func csvPackage() throws -> [(name: String, bytes: [UInt8])] {
        let folder = root.appendingPathComponent("csv")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
            ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0))))
        }
    }

    static func files(_ files: [String: String]) -> [(name: String, bytes: [UInt8])] {
        files.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) }
    }
}

@Suite("Directory: HSDS 3.0 read, validated and written")
struct DirectoryHSDSTests {
    func errors(_ problems: [HSDSProblem]) -> [HSDSProblem] { problems.filter { $0.severity == .error } }

    @Test("the catalogue holds the 21 tables of HSDS 3.0, with their required fields and links")
    func catalogue() {
        #expect(HSDSCatalogue.tables.count == 21)
        #expect(HSDSCatalogue.table("service")?.required == ["id", "name", "status"])
        #expect(HSDSCatalogue.table("service")?.tabularRequired == ["organization_id"])
        #expect(HSDSCatalogue.table("service")?.field("status")?.allowed == ["active", "inactive", "defunct", "temporarily closed"])
        #expect(HSDSCatalogue.table(file: "service_at_location.csv")?.name == "service_at_location")
        #expect(HSDSCatalogue.table("phone")?.references.map(\.field) == ["location_id", "service_id", "organization_id", "contact_id", "service_at_location_id"])
        #expect(HSDSCatalogue.table("organization")?.children.contains { $0.property == "services" } == true)
    }

    @Test("every JSON example parses and validates without an error", arguments: HSDSFixture.jsonExamples)
    func jsonExample(_ name: String) throws {
        let result = HSDSReader.json(try HSDSFixture.bytes(name), file: name)
        let problems = result.problems + HSDSValidator.validate(result.dataSet)
        if name == "base.json" {
            // Metadata only: the version and the profile, no rows.
            #expect(result.problems.map(\.code) == [.empty])
            return
        }
        #expect(errors(problems).isEmpty, "\(errors(problems).map(\.line))")
        #expect(result.dataSet.count > 0)
    }

    @Test("the CSV data package parses and validates; its dangling optional links are warnings")
    func csvExample() throws {
        let result = HSDSReader.read(files: try HSDSFixture.csvPackage())
        #expect(result.problems.isEmpty)
        let problems = HSDSValidator.validate(result.dataSet)
        #expect(errors(problems).isEmpty, "\(problems.map(\.line))")
        #expect(Set(result.dataSet.rows.keys).count == 21)
        let warned = Set(problems.map { "\($0.file) \($0.field ?? "")" })
        #expect(warned.contains("locations.csv organization_id"))
        #expect(warned.contains("taxonomy_terms.csv parent_id"))
        #expect(problems.allSatisfy { $0.code == .danglingReference || $0.code == .duplicateValue })
        #expect(warned.contains("metadata.csv resource_id"))
    }

    @Test("nested JSON gives rows their parent's id: a service's phones, its location, its organization")
    func flattening() throws {
        let set = HSDSReader.json(try HSDSFixture.bytes("service_full.json"), file: "service_full.json").dataSet
        let service = try #require(set["service"].first)
        #expect(service["organization_id"] == set["organization"].first?.id)
        #expect(service["program_id"] == set["program"].first?.id)
        #expect(service.fields["phones"] == nil)
        let servicePhones = set["phone"].filter { $0["service_id"] == service.id }
        #expect(!servicePhones.isEmpty)
        let sal = try #require(set["service_at_location"].first)
        #expect(sal["service_id"] == service.id)
        #expect(sal["location_id"] == set["location"].first?.id)
        let attribute = try #require(set["attribute"].first { $0["link_id"] == service.id })
        // The example names its link_entity itself ("link_entity"), so only the link is filled in.
        #expect(attribute["link_entity"] != nil)
        #expect(attribute["taxonomy_term_id"] != nil)
    }

    @Test("the tabular JSON example and the CSV package hold the same rows")
    func tabularEqualsCSV() throws {
        let json = HSDSReader.json(try HSDSFixture.bytes("tabular.json"), file: "tabular.json").dataSet
        let csv = HSDSReader.read(files: try HSDSFixture.csvPackage()).dataSet
        #expect(json.count == csv.count)
        #expect(json.sameContent(as: csv))
    }

    @Test("export to a CSV package and to JSON reads back as the same rows", arguments: ["csv", "service_full.json", "organization_full.json", "tabular.json", "service_at_location_list.json"])
    func roundTrip(_ example: String) throws {
        let original = example == "csv" ? HSDSReader.read(files: try HSDSFixture.csvPackage()).dataSet
            : HSDSReader.json(try HSDSFixture.bytes(example), file: example).dataSet
        let csvFiles = HSDSExport.csvPackage(original).map { ($0.name, Array($0.text.utf8)) }
        let fromCSV = HSDSReader.read(files: csvFiles)
        #expect(fromCSV.problems.isEmpty)
        #expect(fromCSV.dataSet.sameContent(as: original))
        let json = HSDSExport.jsonPackage(original)
        let fromJSON = HSDSReader.json(Array(json.utf8), file: "export.json")
        #expect(fromJSON.problems.isEmpty)
        #expect(fromJSON.dataSet.sameContent(as: original))
        #expect(json.contains("\"organizations\":["))
    }

    @Test("JSON is read into values of their own kind: text, whole numbers as integers, decimals, true and false, null, lists, objects")
    func valueKinds() throws {
        let value = try HSDSValue.parse(Array(#"{"a": "x", "b": 12, "c": 12.0, "d": 1.5, "e": true, "f": false, "g": null, "h": [1, "2"], "i": {"j": 1e20}, "k": 0, "l": 1}"#.utf8))
        #expect(value == .object(["a": .string("x"), "b": .int(12), "c": .int(12), "d": .double(1.5), "e": .bool(true), "f": .bool(false),
                                  "g": .null, "h": .array([.int(1), .string("2")]), "i": .object(["j": .double(1e20)]), "k": .int(0), "l": .int(1)]))
        #expect(try HSDSValue.parse(Array(#"[true, 0, -7, 2.25, "0", null, {"x": [false]}]"#.utf8))
                == .array([.bool(true), .int(0), .int(-7), .double(2.25), .string("0"), .null, .object(["x": .array([.bool(false)])])]))
        #expect(throws: (any Error).self) { try HSDSValue.parse(Array("{not json".utf8)) }
    }

    @Test("fields HSDS does not know are kept, in JSON and in CSV")
    func unknownFields() throws {
        let json = #"{"id":"ac148810-d857-441c-9679-408f346de14b","name":"Food bank","status":"active","x_peerway_note":{"a":[1,2]},"x_rank":3}"#
        let set = HSDSReader.json(Array(json.utf8), file: "one.json").dataSet
        let row = try #require(set["service"].first)
        #expect(row.fields["x_peerway_note"] == .object(["a": .array([.int(1), .int(2)])]))
        let back = HSDSReader.json(Array(HSDSExport.jsonPackage(set).utf8), file: "export.json").dataSet
        #expect(back.sameContent(as: set))
        let csv = HSDSExport.csvPackage(set)
        #expect(csv.first { $0.name == "services.csv" }?.text.hasPrefix("id,organization_id,") == true)
        #expect(csv.first { $0.name == "services.csv" }?.text.contains("x_peerway_note,x_rank") == true)
    }

    // MARK: - Bad input: each problem with its file, row and field

    static let org = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    static let service = "ac148810-d857-441c-9679-408f346de14b"

    func csv(_ files: [String: String]) -> [HSDSProblem] {
        let result = HSDSReader.read(files: HSDSFixture.files(files))
        return result.problems + HSDSValidator.validate(result.dataSet)
    }

    @Test("a missing required field, a wrong type, format and enum: each reported with its file, row and field")
    func fieldProblems() {
        let problems = csv([
            "organizations.csv": "id,name,description,email\n\(Self.org),Org,,not-an-email\n",
            "services.csv": "id,organization_id,name,status,minimum_age\n\(Self.service),\(Self.org),Food,open,twelve\nnot-a-uuid,\(Self.org),Meals,active,\n",
        ])
        let lines = Set(problems.map { "\($0.code.rawValue) \($0.file) \($0.row ?? 0) \($0.field ?? "")" })
        #expect(lines == [
            "missing_required organizations.csv 2 description",
            "wrong_format organizations.csv 2 email",
            "not_allowed services.csv 2 status",
            "wrong_type services.csv 2 minimum_age",
            "wrong_format services.csv 3 id",
        ])
        #expect(problems.allSatisfy { $0.severity == .error })
        #expect(problems.first { $0.code == .notAllowed }?.line == "error: services.csv row 2, status is not one of the allowed values: open")
        let wrongType = problems.first { $0.code == .wrongType }
        #expect(wrongType?.value == "twelve" && wrongType?.expected == "number")
        #expect(wrongType?.line == "error: services.csv row 2, minimum_age should be a number, not twelve")
    }

    @Test("tables checked apart, in any grouping, give the same problems in the same order as checked together")
    func tablesApart() throws {
        var set = HSDSReader.read(files: HSDSFixture.files([
            "organizations.csv": "id,name,description,email\n\(Self.org),Org,,not-an-email\n",
            "services.csv": "id,organization_id,name,status,minimum_age,email\n\(Self.service),\(Self.org),Food,open,twelve,a@b.org\nnot-a-uuid,\(Self.org),Meals,active,,a@b.org\n",
            "phones.csv": "id,service_id,number\n\(Self.org),\(Self.service),\nnot-a-uuid,nowhere,555\n",
        ])).dataSet
        set.append(HSDSRow(table: "widgets", fields: ["id": .string("w")], source: HSDSSource(file: "w.json", tabular: false)))
        let whole = HSDSValidator.validate(set)
        #expect(Set(whole.map(\.table)).count >= 3, "problems in several tables, and one HSDS does not have")
        let ids = HSDSValidator.ids(set)
        let tables = HSDSCatalogue.tables
        for split in [1, 5, 10, 20] {
            let later = HSDSValidator.validate(set, tables: Array(tables[split...]), ids: ids, existing: [:])
            let earlier = HSDSValidator.validate(set, tables: Array(tables[..<split]), ids: ids, existing: [:])
            #expect(HSDSValidator.assemble(set, later.merging(earlier) { a, _ in a }) == whole)
        }
    }

    @Test("a required field of white space alone is missing: spaces, a tab, a no-break or ideographic space, a line separator")
    func blankRequired() {
        let blanks = ["   ", " \t ", "\u{A0}", "\u{3000}\u{2028}", "\u{2003}"]
        for blank in blanks {
            let problems = HSDSValidator.validate(HSDSDataSet([
                HSDSRow(table: "organization", fields: ["id": .string(Self.org), "name": .string(blank), "description": .string("About")],
                        source: HSDSSource(file: "o.json", tabular: false)),
            ]))
            #expect(problems.map { "\($0.code.rawValue) \($0.field ?? "")" } == ["missing_required name"], "\(blank.debugDescription)")
        }
        let named = HSDSValidator.validate(HSDSDataSet([
            HSDSRow(table: "organization", fields: ["id": .string(Self.org), "name": .string(" \u{A0}Org "), "description": .string("About")],
                    source: HSDSSource(file: "o.json", tabular: false)),
        ]))
        #expect(named.isEmpty)
    }

    @Test("text with a control character is refused on its field")
    func controlCharacters() {
        let problems = csv(["services.csv": "id,organization_id,name,status\n\(Self.service),\(Self.org),Fo\u{0}od,active\n",
                            "organizations.csv": "id,name,description\n\(Self.org),Org,About\n"])
        #expect(problems.map { "\($0.code.rawValue) \($0.row ?? 0) \($0.field ?? "")" } == ["invalid_characters 2 name"])
    }

    @Test("a dangling required link is an error, an id used twice in a CSV is an error")
    func danglingAndDuplicate() {
        let other = "11111111-2222-3333-4444-555555555555"
        let problems = csv([
            "organizations.csv": "id,name,description\n\(Self.org),Org,About\n",
            "services.csv": "id,organization_id,name,status\n\(Self.service),\(other),Food,active\n\(Self.service),\(Self.org),Food again,active\n",
        ])
        #expect(problems.contains { $0.code == .danglingReference && $0.severity == .error && $0.file == "services.csv" && $0.row == 2
            && $0.field == "organization_id" && $0.value == other && $0.expected == "organization"
            && $0.line == "error: services.csv row 2, organization_id names a row that is not in the data set: organization \(other)" })
        #expect(problems.contains { $0.code == .duplicateID && $0.file == "services.csv" && $0.row == 3 && $0.field == "id" })
        // The same link found among the rows already stored is no problem.
        let result = HSDSReader.read(files: HSDSFixture.files(["services.csv": "id,organization_id,name,status\n\(Self.service),\(other),Food,active\n"]))
        #expect(HSDSValidator.unresolvedReferences(result.dataSet) == ["organization": [other]])
        #expect(HSDSValidator.validate(result.dataSet, existing: ["organization": [other]]).isEmpty)
    }

    @Test("nested JSON: problems name their place in the document; a disagreeing repeat of an id is an error")
    func jsonProblems() {
        let json = #"""
        {"total_items": 2, "page_number": 1, "contents": [
          {"id": "\#(Self.service)", "name": "Food", "status": "active", "phones": [{"id": "1554f2e2-a373-45db-a3fa-9fc48a61c15e"}],
           "organization": {"id": "\#(Self.org)", "name": "Org", "description": "About"}},
          {"id": "ac148810-d857-441c-9679-408f346de14c", "name": "Meals", "status": "active",
           "organization": {"id": "\#(Self.org)", "name": "Org renamed", "description": "About"}}
        ]}
        """#
        let result = HSDSReader.json(Array(json.utf8), file: "list.json")
        let problems = result.problems + HSDSValidator.validate(result.dataSet)
        #expect(problems.contains { $0.code == .missingRequired && $0.pointer == "contents[0].phones[0]" && $0.field == "number" })
        #expect(problems.contains { $0.code == .duplicateID && $0.pointer == "contents[1].organization" })
    }

    @Test("an older HSDS version is refused with the version it is")
    func olderVersions() {
        let declared = HSDSReader.json(Array(#"{"version": "2.0.1", "profile": "https://example.org/profile"}"#.utf8), file: "base.json")
        #expect(declared.problems.map(\.code) == [.otherVersion])
        #expect(declared.problems.first?.value == "2.0.1")
        #expect(declared.problems.first?.line == "error: base.json, version is HSDS 2.0.1; Peerway reads HSDS 3.0")

        let shaped = HSDSReader.json(Array(#"[{"id": "x", "name": "Food", "status": "active", "regular_schedules": []}]"#.utf8), file: "old.json")
        #expect(shaped.problems.map(\.code) == [.otherVersion])
        #expect(shaped.problems.first?.value == "2.x")
        #expect(shaped.dataSet.count == 0)

        let package = HSDSReader.read(files: HSDSFixture.files(["services.csv": "id,name,status\n", "regular_schedules.csv": "id,weekday\n"]))
        #expect(package.problems.map(\.code) == [.otherVersion])
        #expect(package.problems.first?.file == "regular_schedules.csv")

        let descriptor = HSDSReader.read(files: HSDSFixture.files(["datapackage.json": #"{"name": "hsds", "version": "1.1", "resources": []}"#]))
        #expect(descriptor.problems.first?.code == .otherVersion)
        #expect(descriptor.problems.first?.value == "1.1")
    }

    @Test("files that are not HSDS: not UTF-8, broken CSV, not JSON, an unknown table")
    func unreadable() {
        let notText = HSDSReader.read(files: [("services.csv", [0xFF, 0xFE, 0x00])])
        #expect(notText.problems.first?.code == .unreadable)
        let quote = HSDSReader.read(files: HSDSFixture.files(["services.csv": "id,name\n\"abc,def\n"]))
        #expect(quote.problems.first.map { "\($0.code) \($0.row ?? 0)" } == "unreadable 2")
        let notJSON = HSDSReader.json(Array("{nope".utf8), file: "x.json")
        #expect(notJSON.problems.first?.code == .unreadable)
        let unknown = HSDSReader.read(files: HSDSFixture.files(["widgets.csv": "id\n1\n"]))
        #expect(unknown.problems.contains { $0.code == .unknownTable && $0.file == "widgets.csv" })
    }

    // MARK: - The summary referrals read

    @Test("a service's summary: phones, address, hours, languages, documents, cost, last verified")
    func summary() throws {
        let set = HSDSReader.json(try HSDSFixture.bytes("service_full.json"), file: "service_full.json").dataSet
        let summary = DirectoryServiceSummary(serviceID: Self.service, in: set)
        #expect(summary.serviceName == "Community Counselling")
        #expect(summary.organizationName == "Example Organization Inc.")
        #expect(summary.phones.first?.number.contains("1234") == true)
        #expect(summary.addressLines.contains { $0.contains("Main Street") })
        #expect(summary.scheduleDescription?.contains("10 am to 6pm") == true)
        #expect(summary.languages.contains("Urdu"))
        #expect(summary.requiredDocuments.first?.contains("identification") == true)
        #expect(summary.lastVerified == "2005-01-01")
        #expect(summary.isFree == false)
        let facts = DirectoryService(serviceID: Self.service, in: set)
        #expect(facts.languageCodes == ["ur"])
        #expect(facts.taxonomyCodes == ["code"])
        #expect(facts.minimumAge == 12)
        #expect(facts.places.first?.latitude != nil)
        #expect(facts.schedules.first?.opensMinute == 600)
        #expect(facts.schedules.first?.days == ["TH", "FR"])
    }

    @Test("free: a cost option of 0, or fees that say free")
    func free() {
        func service(_ extra: String, costs: String = "") -> Bool {
            let json = #"{"id":"\#(Self.service)","name":"S","status":"active"\#(extra),"cost_options":[\#(costs)]}"#
            return DirectoryService(serviceID: Self.service, in: HSDSReader.json(Array(json.utf8), file: "s.json").dataSet).isFree
        }
        #expect(service(#","fees_description":"Free for residents""#))
        #expect(service("", costs: #"{"id":"1fdf4d39-3d80-484d-9f92-a8ffa08621e7","amount":0}"#))
        #expect(!service("", costs: #"{"id":"1fdf4d39-3d80-484d-9f92-a8ffa08621e7","amount":35}"#))
        #expect(!service(""))
    }

    // MARK: - Who may curate

    @Test("curators import and export; everyone in the organization reads; a shared county directory is read-only; others 404")
    func policy() {
        let own = UUID()
        let county = UUID()
        func actor(_ role: Role) -> Actor { Actor(userID: UUID(), organizationID: own, roles: [role]) }
        for role in Role.allCases {
            let expected: AccessDecision = DirectoryPolicy.curators.contains(role) ? .allow : .deny
            #expect(AccessPolicy.decide(actor(role), .update, .directory(.init(organizationID: own))) == expected)
            #expect(AccessPolicy.decide(actor(role), .read, .directory(.init(organizationID: own))) == .allow)
            #expect(AccessPolicy.decide(actor(role), .read, .directory(.init(organizationID: county, sharedWith: [own]))) == .allow)
            #expect(AccessPolicy.decide(actor(role), .update, .directory(.init(organizationID: county, sharedWith: [own]))) == .deny)
            #expect(AccessPolicy.decide(actor(role), .read, .directory(.init(organizationID: county))) == .notFound)
        }
        #expect(DirectoryPolicy.curators == [.organizationAdmin, .programManager, .supervisor])
    }
}
