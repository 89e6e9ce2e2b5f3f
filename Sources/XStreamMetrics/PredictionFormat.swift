/// What the prediction columns hold.
public enum PredictionFormat: String, Sendable, Codable, CaseIterable {
    /// Probabilities: one per class (or one for the positive class), checked to be in [0, 1].
    case probability
    /// Logits (any finite doubles): the binary task's log-odds, or K unnormalized class scores turned into
    /// probabilities by a softmax.
    case logit
}
