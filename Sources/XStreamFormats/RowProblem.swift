/// What is wrong with a row, found by a ``RowConsumer`` while checking it. Cheap to create: the message is
/// built only on demand, by the consumer that knows the rule.
package struct RowProblem {
    /// Why the row is invalid.
    package var reason: InvalidReason
    /// The value slot concerned (labels first, then predictions), or -1 for the whole row.
    package var slot: Int
    /// The offending value, or the offending sum for the sum checks.
    package var value: Double

    package init(reason: InvalidReason, slot: Int, value: Double) {
        self.reason = reason
        self.slot = slot
        self.value = value
    }
}
