namespace QualityWatch.Detection.Localization;

/// <summary>
/// Adtributor root-cause localisation (the basis of ML.NET's <c>LocalizeRootCause</c>): for each dimension, the values whose
/// share of the measure changed most surprisingly (Jensen–Shannon divergence between expected and actual shares) and
/// that together explain most of the change (explanatory power); the dimension with the highest surprise wins.
/// </summary>
/// <remarks>Bhagwan et al. (2014). Adtributor: Revenue debugging in advertising systems. NSDI. Thresholds: an element must
/// explain ≥ 10% (TEEP), chosen elements together ≥ 67% (TEP), as in the paper.</remarks>
public static class Adtributor
{
    /// <summary>Finds the explaining segment, or null when the total did not change or nothing explains it.</summary>
    public static Localization? Localize(IReadOnlyList<SegmentObservation> observations, double elementThreshold = 0.1, double totalThreshold = 0.67)
    {
        ArgumentNullException.ThrowIfNull(observations);
        double totalExpected = observations.Sum(o => o.Expected);
        double totalActual = observations.Sum(o => o.Actual);
        double change = totalActual - totalExpected;
        if (observations.Count == 0 || Math.Abs(change) < 1e-9 || totalExpected <= 0 || totalActual <= 0)
        {
            return null;
        }

        Localization? best = null;
        var dimensions = observations.SelectMany(o => o.Attributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var dimension in dimensions)
        {
            var elements = observations
                .GroupBy(o => o.Attributes.GetValueOrDefault(dimension) ?? string.Empty, StringComparer.Ordinal)
                .Select(g =>
                {
                    double f = g.Sum(o => o.Expected);
                    double a = g.Sum(o => o.Actual);
                    return (Value: g.Key, Ep: (a - f) / change, Surprise: Surprise(f / totalExpected, a / totalActual));
                })
                .Where(e => e.Ep > elementThreshold)
                .OrderByDescending(e => e.Surprise)
                .ToList();
            if (elements.Count <= 0)
            {
                continue;
            }

            var chosen = new List<string>();
            double ep = 0;
            double surprise = 0;
            foreach (var element in elements)
            {
                chosen.Add(element.Value);
                ep += element.Ep;
                surprise += element.Surprise;
                if (ep >= totalThreshold)
                {
                    break;
                }
            }

            // A dimension that needs every one of several values is no localisation at all.
            int distinct = observations.Select(o => o.Attributes.GetValueOrDefault(dimension) ?? string.Empty).Distinct(StringComparer.Ordinal).Count();
            if (ep < totalThreshold || (distinct > 1 && chosen.Count == distinct))
            {
                continue;
            }

            if (best is null || surprise > best.Surprise)
            {
                best = new Localization(dimension, chosen, ep, surprise);
            }
        }

        return best;
    }

    private static double Surprise(double p, double q)
    {
        double s = 0;
        if (p > 0)
        {
            s += 0.5 * p * Math.Log(2 * p / (p + q));
        }

        if (q > 0)
        {
            s += 0.5 * q * Math.Log(2 * q / (p + q));
        }

        return s;
    }
}
