#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit2` is a macro over `inflateInit2_`, which Swift cannot call; this is the same call.
/// `windowBits` 15 + 16 accepts gzip members only (zlib then checks each member's CRC-32 and ISIZE).
static inline int CZlib_inflateInitGzip(z_stream *stream) { return inflateInit2(stream, 15 + 16); }

/// The same call with `windowBits` 15 + 32: a gzip member or a zlib stream, detected from its header (Parquet's
/// GZIP pages are gzip members; some writers emit zlib streams).
static inline int CZlib_inflateInitAuto(z_stream *stream) { return inflateInit2(stream, 15 + 32); }

#endif
