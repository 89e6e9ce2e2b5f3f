#ifndef CLZMA_SHIM_H
#define CLZMA_SHIM_H

#include <lzma.h>

/// `LZMA_STREAM_INIT` is a compound initializer Swift cannot import: a zeroed stream, as it defines.
static inline lzma_stream CLzma_streamInit(void) {
    lzma_stream stream = LZMA_STREAM_INIT;
    return stream;
}

/// `LZMA_CONCATENATED` (a `UINT32_C` macro Swift cannot import): decode concatenated streams and stream
/// padding until `LZMA_FINISH`.
static inline uint32_t CLzma_concatenated(void) { return LZMA_CONCATENATED; }

#endif
