// The library's public face: one import for the whole pipeline, layer by layer.
@_exported import XStreamCodecs
@_exported import XStreamEngine
@_exported import XStreamFormats
@_exported import XStreamMetrics
@_exported import XStreamReport
