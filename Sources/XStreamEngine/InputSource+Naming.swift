extension InputSource {
    /// The same bytes under another name in reports, messages and partials (standard input named after the
    /// URL it was streamed from, say), so that two streamed inputs are told apart and a repeat is caught.
    public func renamed(_ name: String) -> InputSource {
        InputSource(name: name, byteCount: byteCount) { try self.makeSource() }
    }
}
