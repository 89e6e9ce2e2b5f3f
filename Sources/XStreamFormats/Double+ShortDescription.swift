extension Double {
    /// The shortest text that reads back as this double, integers without a fraction (`0.1`, `1e-05`, `3`,
    /// `inf`).
    package var shortDescription: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return description
    }
}
