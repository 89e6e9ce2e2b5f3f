import Testing

@testable import XStreamCore

/// `ReportRenderer.fixed` is defined for every double: a baseline can hand it anything.
@Suite struct ReportRendererTests {
    @Test(arguments: [
        (1.25, 1, "1.3"), (2.5, 0, "3"), (-2.5, 0, "-3"), (0.0001, 2, "0.00"), (-0.0001, 2, "0.00"),
        (12.345, 3, "12.345"), (-0.5, 3, "-0.500"), (7, 0, "7"), (1e-300, 3, "0.000"), (-0.0, 2, "0.00"),
    ])
    func ordinaryValues(value: Double, digits: Int, text: String) {
        #expect(ReportRenderer.fixed(value, digits) == text)
    }

    @Test(arguments: [
        1e300, -1e300, Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, 0x1p53, 1e13 + 0.5,
        3.5252541200890275e+302,
    ])
    func valuesBeyondTheDecimalsAreWrittenInShortestForm(value: Double) {
        #expect(ReportRenderer.fixed(value, 3) == value.description)
        #expect(Double(ReportRenderer.fixed(value, 3)) == value)
    }

    @Test func nonFiniteValuesAndOddDigitCounts() {
        #expect(ReportRenderer.fixed(.nan, 3) == "nan")
        #expect(ReportRenderer.fixed(.infinity, 3) == "inf")
        #expect(ReportRenderer.fixed(-.infinity, 1) == "-inf")
        #expect(ReportRenderer.fixed(1.5, -4) == "2")
        #expect(ReportRenderer.fixed(1.5, 400) == "1.500000000000000")
        #expect(ReportRenderer.fixed(.leastNonzeroMagnitude, 15) == "0.000000000000000")
    }
}
