import ArgumentParser

/// Who exports and where the file goes: the options every CSV export of records shares, so each
/// export asks for them in the same words and writes its file the same way.
struct ExportOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("E-mail address of the person exporting.", valueName: "email"))
    var actingAs: String
    @Option(help: ArgumentHelp("File to write; it must not exist yet. Without it, standard output.", valueName: "path"))
    var output: String?

    /// Runs `export` on the output (see `ExportFile`); `noun` names what the count counts.
    func run(_ noun: String, _ export: (ExportFile) async throws -> Int) async throws {
        try await ExportFile.open(output).run(noun, export)
    }
}
