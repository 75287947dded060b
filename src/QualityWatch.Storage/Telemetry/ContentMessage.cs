namespace QualityWatch.Storage.Telemetry;

/// <summary>One prompt or completion message of a call, as stored when content storage is on.</summary>
/// <param name="Role">Message role (<c>system</c>, <c>user</c>, <c>assistant</c>, <c>tool</c>…); <c>unknown</c> when the span did not say.</param>
/// <param name="Text">The message text, cut to the configured maximum length.</param>
/// <param name="Truncated">Whether <paramref name="Text"/> was cut.</param>
public sealed record ContentMessage(string Role, string Text, bool Truncated);
