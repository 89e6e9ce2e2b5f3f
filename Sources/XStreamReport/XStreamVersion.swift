/// The version of xstream, written into every JSON report.
public enum XStreamVersion {
    /// The release version.
    public static let current = "0.1.0"
}
