using System.Globalization;
using System.Text.RegularExpressions;

namespace QualityWatch.Canaries.Scoring;

/// <summary><c>number</c>: the first number in the answer is within <c>tolerance</c> of <c>value</c>.</summary>
internal sealed partial class NumberAssertion(double value, double tolerance) : CanaryAssertion
{
    public override string Name => "number";

    public double Value { get; } = value;

    public double Tolerance { get; } = tolerance;

    public override string? Check(string answer)
    {
        if (!TryReadNumber(answer, out var actual))
        {
            return $"expected a number near {Format(Value)}, got no number in {Quote(answer.Trim())}";
        }

        return Math.Abs(actual - Value) <= Tolerance + (Math.Abs(Value) * 1e-12)
            ? null
            : $"expected {Format(Value)} ± {Format(Tolerance)}, got {Format(actual)}";
    }

    public override string Describe() => Tolerance == 0 ? $"number {Format(Value)}" : $"number {Format(Value)} ± {Format(Tolerance)}";

    /// <summary>Reads the first number in the text; thousands separators (1,234) are accepted.</summary>
    internal static bool TryReadNumber(string text, out double number)
    {
        var match = NumberPattern().Match(text);
        number = 0;
        return match.Success && double.TryParse(match.Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static string Format(double number) => number.ToString("G", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
