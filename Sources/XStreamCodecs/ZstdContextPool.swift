internal import CZstd
import Synchronization

/// Decompression contexts kept for the next input: creating one costs about as much as decoding a small
/// shard, and streaming jobs write thousands of small shards.
///
/// A context comes back reset (session and parameters) and is taken by one decoder at a time; at most
/// ``capacity`` are kept, each holding at most ``largestKept`` bytes (a context that decoded a frame with a
/// larger window is freed), so the memory they hold stays small.
enum ZstdContextPool {
    /// Contexts kept at most: more than the inputs a run decodes at once.
    static let capacity = 8
    /// The largest context kept, in bytes: room for the 8 MiB windows of the usual compression levels.
    static let largestKept = 16 << 20

    private static let idle = Mutex<[UnsafeSendableContext]>([])

    /// A context with default parameters: a kept one, or a new one (nil if libzstd cannot make one).
    static func take() -> OpaquePointer? {
        if let kept = idle.withLock({ $0.popLast() }) { return kept.pointer }
        return ZSTD_createDCtx()
    }

    /// Gives a context back once its decoder is done with it.
    static func giveBack(_ context: OpaquePointer) {
        ZSTD_DCtx_reset(context, ZSTD_reset_session_and_parameters)
        guard ZSTD_sizeof_DCtx(context) <= largestKept else {
            ZSTD_freeDCtx(context)
            return
        }
        let kept = idle.withLock { contexts in
            guard contexts.count < capacity else { return false }
            contexts.append(UnsafeSendableContext(pointer: context))
            return true
        }
        if !kept { ZSTD_freeDCtx(context) }
    }

    /// A context handed between threads, one owner at a time (the pool's lock orders the hand-over).
    private struct UnsafeSendableContext: @unchecked Sendable {
        let pointer: OpaquePointer
    }
}
