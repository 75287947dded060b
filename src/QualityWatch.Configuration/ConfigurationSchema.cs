using Microsoft.Extensions.Configuration;

namespace QualityWatch.Configuration;

/// <summary>
/// Which options classes bind which configuration sections, so that the YAML file can be checked against them: an
/// unknown key (<c>http_prot</c>), a value of the wrong type or a scalar where a mapping belongs stops start-up with one
/// line naming the file, line and key — instead of being silently ignored — and keys under a dictionary (label names,
/// for instance) keep their case. A section may be bound by several classes; a key is known when any of them has it.
/// </summary>
public sealed class ConfigurationSchema
{
    private readonly Dictionary<string, List<Type>> _sections = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SectionCheck> _checks = [];

    /// <summary>Registers <paramref name="types"/> as binding <paramref name="section"/> (<c>Storage</c>,
    /// <c>Storage:Telemetry</c>).</summary>
    public ConfigurationSchema Add(string section, params Type[] types)
    {
        ArgumentException.ThrowIfNullOrEmpty(section);
        ArgumentNullException.ThrowIfNull(types);
        if (!_sections.TryGetValue(section, out var list))
        {
            _sections[section] = list = [];
        }

        list.AddRange(types);
        return this;
    }

    /// <summary>
    /// Checks the values of <paramref name="section"/> once loaded: it is bound to a new <typeparamref name="T"/> and
    /// <paramref name="validate"/> runs; whatever it throws stops loading with one line naming the key that is out of
    /// range where it was set (file, line and column, or the environment variable).
    /// </summary>
    public ConfigurationSchema Check<T>(string section, Action<T> validate)
        where T : class, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(section);
        ArgumentNullException.ThrowIfNull(validate);
        _checks.Add(new SectionCheck(section, EachChild: false, typeof(T), Run(validate)));
        return this;
    }

    /// <summary>As <see cref="Check{T}"/>, for each item of a list section (<c>providers</c>).</summary>
    public ConfigurationSchema CheckEach<T>(string section, Action<T> validate)
        where T : class, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(section);
        ArgumentNullException.ThrowIfNull(validate);
        _checks.Add(new SectionCheck(section, EachChild: true, typeof(T), Run(validate)));
        return this;
    }

    internal IReadOnlyList<SectionCheck> Checks => _checks;

    /// <summary>The top-level section names, for "did you mean".</summary>
    internal IEnumerable<string> TopLevelSections => _sections.Keys.Select(k => k.Split(':')[0]).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The classes registered for exactly <paramref name="path"/>, or none.</summary>
    internal IReadOnlyList<Type> TypesOf(string path) => _sections.TryGetValue(path, out var list) ? list : [];

    private static Func<IConfigurationSection, Exception?> Run<T>(Action<T> validate)
        where T : class, new() => section =>
        {
            try
            {
                var options = new T();
                section.Bind(options);
                validate(options);
                return null;
            }
#pragma warning disable CA1031 // Whatever an options class throws about its values is reported as a configuration error.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return ex;
            }
        };

    /// <summary>Whether <paramref name="path"/> or a section below it is registered.</summary>
    internal bool Covers(string path) =>
        _sections.Keys.Any(k => k.Equals(path, StringComparison.OrdinalIgnoreCase) || k.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase));
}
