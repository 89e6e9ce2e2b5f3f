/// Carries a value that is not `Sendable` from one thread to another.
///
/// Used only where the engine's protocol guarantees a single owner at a time: readers and chunk buffers
/// are handed between workers under the scheduler's lock, and the giving side never touches them again.
struct UnsafeTransfer<Wrapped>: @unchecked Sendable {
    var wrappedValue: Wrapped

    init(_ wrappedValue: Wrapped) { self.wrappedValue = wrappedValue }
}
