namespace QualityWatch.Detection.Fingerprints;

/// <summary>
/// How one class's posterior becomes CUSUM increments, fixed when the classifier is trained. For an answer with
/// posterior p of the configured class, r = log((1 − p + δ)/(p + δ)) is the classifier's log-odds against it; the
/// increment is log(1 − ρ + ρ·exp(λ·r − c)), where the offset c makes exp(λ·r − c) average at most 1 on held-out
/// healthy answers of the class (an upper confidence bound of the mean, so it is an e-value under the null) and λ is the
/// temperature, among a small grid, that gives the largest mean increment under the tuned partial swap (a share ρ of the
/// held-out answers from the other classes, the rest the class's own). The allowance is subtracted from every increment.
/// </summary>
/// <param name="Lambda">Temperature λ applied to the log-odds.</param>
/// <param name="Offset">Offset c: log of the upper bound of the healthy mean of exp(λ·r).</param>
/// <param name="HealthyPosterior">Mean posterior of the class on its own held-out healthy answers.</param>
/// <param name="HealthyAnswers">Held-out healthy answers the calibration used.</param>
/// <param name="SwapIncrement">Mean increment on held-out answers of the other classes (what a full swap adds per answer).</param>
/// <param name="Allowance">Drift allowance per answer: a quarter of the mean increment under the tuned partial swap.</param>
internal sealed record FingerprintCalibration(double Lambda, double Offset, double HealthyPosterior, int HealthyAnswers, double SwapIncrement, double Allowance);
