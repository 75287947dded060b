namespace QualityWatch.Canaries.Suites;

/// <summary>One message of a canary conversation; role is <c>system</c>, <c>user</c> or <c>assistant</c>.</summary>
public sealed record CanaryMessage(string Role, string Content);
