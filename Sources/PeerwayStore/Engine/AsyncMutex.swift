import Foundation

/// A fair async lock. SQLite allows one writer at a time; queuing writers here, instead of letting
/// them spin in SQLite's busy handler, keeps the blocking thread pool free for readers.
actor AsyncMutex {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
