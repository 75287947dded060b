namespace QualityWatch.Detection.TimeSeries;

/// <summary>The martingale that turns a stream of p-values into a change score (ML.NET <c>MartingaleType</c>).</summary>
/// <remarks>Fedorova, Gammerman, Nouretdinov, Vovk (2012). Plug-in martingales for testing exchangeability on-line.
/// http://arxiv.org/pdf/1204.3251.pdf</remarks>
public enum MartingaleType
{
    /// <summary>No martingale.</summary>
    None,

    /// <summary>Power martingale: betting function ε·p^(ε−1).</summary>
    Power,

    /// <summary>Mixture martingale: the power martingale integrated over ε ∈ [0, 1].</summary>
    Mixture,
}
