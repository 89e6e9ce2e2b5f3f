#ifndef CLZ4_SHIM_H
#define CLZ4_SHIM_H

#include <lz4.h>
#include <lz4frame.h>

/// The LZ4 frame API version this build was compiled against (`LZ4F_VERSION`).
static inline unsigned CLZ4_frameVersion(void) { return LZ4F_VERSION; }

#endif
