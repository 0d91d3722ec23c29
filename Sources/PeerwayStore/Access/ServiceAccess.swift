import Foundation
import PeerwayCore

extension AccessResolver where Record == PeerService {
    /// A documented service, decided on its author, the author's supervisor and its participant.
    public static var service: Self {
        Self { id, actor, conn in
            guard let service = try await ServiceRecords.get(id, on: conn), service.organizationID == actor.organizationID else { return nil }
            return (service, .service(try await ServiceDocumentation.scope(of: service, on: conn)))
        }
    }
}

extension AccessResolver where Record == Program {
    /// The services of a program: documenting, its service mix, its extract.
    public static var programServices: Self {
        Self { id, actor, conn in
            guard let program = try await ProgramRecords.get(id, on: conn), program.organizationID == actor.organizationID else { return nil }
            return (program, .services(organizationID: program.organizationID, programID: program.id))
        }
    }
}
