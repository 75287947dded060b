using Microsoft.Extensions.Configuration;

namespace QualityWatch.Configuration;

/// <summary>A value check registered with <see cref="ConfigurationSchema.Check{T}"/>: binds a section (or each item of a
/// list section) to <paramref name="OptionsType"/> and returns what its validation threw, or null.</summary>
internal sealed record SectionCheck(string Section, bool EachChild, Type OptionsType, Func<IConfigurationSection, Exception?> Run);
