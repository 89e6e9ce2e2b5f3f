#ifndef CLZMA_SHIM_H
#define CLZMA_SHIM_H

#include <lzma.h>

/// `LZMA_STREAM_INIT` is a compound initializer Swift cannot import: a zeroed stream, as it defines.
static inline lzma_stream CLzma_streamInit(void) {
    lzma_stream stream = LZMA_STREAM_INIT;
    return stream;
}

/// The stream decoder's flags (`UINT32_C` macros Swift cannot import): `LZMA_CONCATENATED`, decode
/// concatenated streams and stream padding until `LZMA_FINISH`; `LZMA_TELL_UNSUPPORTED_CHECK`, report a check
/// type this liblzma cannot verify instead of decoding without verifying.
static inline uint32_t CLzma_decoderFlags(void) { return LZMA_CONCATENATED | LZMA_TELL_UNSUPPORTED_CHECK; }

#endif
