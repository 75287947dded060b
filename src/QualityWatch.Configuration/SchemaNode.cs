using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace QualityWatch.Configuration;

/// <summary>
/// Where a YAML node sits in the options classes: the types a value at this path may bind to. Walks properties
/// (matched the way the binder matches them, case-insensitively), list indexes and dictionary keys.
/// </summary>
internal sealed class SchemaNode
{
    private SchemaNode(IReadOnlyList<Type> types, bool isSection)
    {
        Types = types;
        IsSection = isSection;
    }

    public IReadOnlyList<Type> Types { get; }

    /// <summary>A registered section (or the parent of one) with no class of its own, e.g. the root.</summary>
    public bool IsSection { get; }

    /// <summary>Children of this node are dictionary keys: written as they are, never renamed.</summary>
    public bool HoldsDictionary => Types.Any(t => DictionaryValueType(t) is not null);

    public static SchemaNode Section(ConfigurationSchema schema, string path) => new(schema.TypesOf(path), isSection: true);

    /// <summary>Both nodes' types (a key that is a property of one class and a registered section of its own).</summary>
    public static SchemaNode? Merge(SchemaNode? a, SchemaNode? b) => (a, b) switch
    {
        (null, null) => null,
        (null, _) => b,
        (_, null) => a,
        _ => new SchemaNode([.. a!.Types, .. b!.Types], a.IsSection || b!.IsSection),
    };

    /// <summary>
    /// The node of key <paramref name="segment"/> at configuration path <paramref name="path"/> under
    /// <paramref name="parent"/> (null: the root): a property of the parent's classes, a registered section, or both;
    /// null when neither knows it. The one lookup the file and the environment checks share.
    /// </summary>
    public static SchemaNode? Resolve(ConfigurationSchema schema, SchemaNode? parent, string path, string segment) =>
        Merge(parent?.Child(segment), schema.Covers(path) ? Section(schema, path) : null);

    /// <summary>The keys that could stand under <paramref name="parent"/> (null: the root), in snake_case, for "did you mean".</summary>
    public static IEnumerable<string> KnownKeysUnder(ConfigurationSchema schema, SchemaNode? parent) =>
        parent is null ? schema.TopLevelSections.Select(SnakeCase) : parent.KnownKeys();

    /// <summary>The node for child <paramref name="segment"/> (already normalised for properties), or null when no
    /// registered class has it.</summary>
    public SchemaNode? Child(string segment)
    {
        var children = new List<Type>();
        foreach (var type in Types.Select(Unwrap))
        {
            if (DictionaryValueType(type) is { } value)
            {
                children.Add(value);
            }
            else if (ElementType(type) is { } element)
            {
                if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    children.Add(element);
                }
            }
            else if (!IsScalar(type) && Property(type, segment) is { } property)
            {
                children.Add(property.PropertyType);
            }
        }

        return children.Count == 0 ? null : new SchemaNode(children, isSection: false);
    }

    /// <summary>Null when <paramref name="value"/> fits one of the types, else what is wrong with it.</summary>
    public string? CheckScalar(string? value)
    {
        if (value is null || Types.Count == 0)
        {
            return null;
        }

        var scalars = Types.Select(Unwrap).Where(IsScalar).ToList();
        if (scalars.Count == 0)
        {
            return ElementType(Unwrap(Types[0])) is not null ? "expects a list" : "expects a mapping";
        }

        foreach (var type in scalars)
        {
            try
            {
                if (type == typeof(string) || TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value) is not null)
                {
                    return null;
                }
            }
            catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException or OverflowException || ex.InnerException is FormatException or OverflowException)
            {
                // Try the next candidate type.
            }
        }

        return $"'{value}' is not {Describe(scalars[0])}";
    }

    /// <summary>The property names a segment could have meant, in the file's snake_case.</summary>
    public IEnumerable<string> KnownKeys() =>
        Types.Select(Unwrap).Where(t => !IsScalar(t) && DictionaryValueType(t) is null && ElementType(t) is null)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Select(p => SnakeCase(p.Name))
            .Distinct(StringComparer.Ordinal);

    internal static string SnakeCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static PropertyInfo? Property(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(Uri) || type == typeof(Guid);

    private static Type? DictionaryValueType(Type type)
    {
        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType && (candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>) || candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
                && candidate.GetGenericArguments()[0] == typeof(string))
            {
                return candidate.GetGenericArguments()[1];
            }
        }

        return null;
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (IsScalar(type) || !typeof(IEnumerable).IsAssignableFrom(type) || DictionaryValueType(type) is not null)
        {
            return null;
        }

        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
        _ when type == typeof(Uri) => "a URL",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type).Select(SnakeCase)),
        _ => "a valid " + type.Name,
    };
}
