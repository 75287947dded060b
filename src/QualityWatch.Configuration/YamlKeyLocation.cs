namespace QualityWatch.Configuration;

/// <summary>Where a key is written in the YAML file: line and column (1-based) and the key as written
/// (<c>providers[0].max_retries</c>).</summary>
internal sealed record YamlKeyLocation(long Line, long Column, string Display);
