namespace QualityWatch.Dashboards.Tests.PromQl;

/// <summary>
/// Finds the metric names a PromQL expression selects, with a small tokenizer rather than a regular expression:
/// function and aggregation names, keywords, label matchers, grouping label lists, durations, numbers, strings
/// and Grafana template variables are not metric names.
/// </summary>
internal static class PromQlMetricNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "bool", "offset", "inf", "nan",
    };

    // Keywords followed by a parenthesised list of label names.
    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    private static readonly HashSet<string> Aggregations = new(StringComparer.OrdinalIgnoreCase)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
        "quantile", "limitk", "limit_ratio",
    };

    public static IReadOnlySet<string> Extract(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var text = expression;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                i = SkipToEndOfLine(text, i);
            }
            else if (c is '"' or '\'' or '`')
            {
                i = SkipString(text, i);
            }
            else if (c == '{')
            {
                i = SkipLabelMatchers(text, i, names);
            }
            else if (c == '[')
            {
                i = SkipBalanced(text, i, '[', ']');
            }
            else if (c == '$')
            {
                i = SkipTemplateVariable(text, i);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                // Numbers, hexadecimal and durations (5m, 1h30m, 1e3) are one token.
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }
            }
            else if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }

                var identifier = text[start..i];
                var next = SkipWhitespace(text, i);
                if (LabelListKeywords.Contains(identifier))
                {
                    i = next < text.Length && text[next] == '(' ? SkipBalanced(text, next, '(', ')') : next;
                }
                else if (Keywords.Contains(identifier))
                {
                    // Not a metric.
                }
                else if (next < text.Length && text[next] == '(')
                {
                    // A function or an aggregation called directly: sum(...), rate(...).
                }
                else if (Aggregations.Contains(identifier) && StartsWithWord(text, next, "by", "without"))
                {
                    // An aggregation with its grouping first: sum by (...) (...).
                }
                else
                {
                    names.Add(identifier);
                }
            }
            else
            {
                i++;
            }
        }

        return names;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static int SkipWhitespace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool StartsWithWord(string text, int i, params string[] words)
    {
        foreach (var word in words)
        {
            var end = i + word.Length;
            if (end <= text.Length
                && string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (end == text.Length || !IsIdentifierPart(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static int SkipToEndOfLine(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end + 1;
    }

    private static int SkipString(string text, int i)
    {
        var quote = text[i++];
        while (i < text.Length && text[i] != quote)
        {
            // Raw strings (backticks) have no escapes.
            i += text[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return Math.Min(i + 1, text.Length);
    }

    private static int SkipBalanced(string text, int i, char open, char close)
    {
        var depth = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(text, i);
                continue;
            }

            if (c == open)
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                return i + 1;
            }

            i++;
        }

        throw new FormatException($"unbalanced '{open}' in PromQL: {text}");
    }

    // Label matchers name labels, not metrics, except {__name__="metric"}.
    private static int SkipLabelMatchers(string text, int i, ISet<string> names)
    {
        var end = SkipBalanced(text, i, '{', '}');
        var body = text[(i + 1)..(end - 1)];
        var nameMatcher = body.IndexOf("__name__", StringComparison.Ordinal);
        if (nameMatcher >= 0)
        {
            var j = SkipWhitespace(body, nameMatcher + "__name__".Length);
            if (j < body.Length && body[j] == '=' && j + 1 < body.Length && body[j + 1] != '~')
            {
                j = SkipWhitespace(body, j + 1);
                if (j < body.Length && body[j] is '"' or '\'' or '`')
                {
                    var close = SkipString(body, j);
                    names.Add(body[(j + 1)..(close - 1)]);
                }
            }
        }

        return end;
    }

    // Grafana variables: $name, ${name}, ${name:format}, [[name]].
    private static int SkipTemplateVariable(string text, int i)
    {
        i++;
        if (i < text.Length && text[i] == '{')
        {
            var close = text.IndexOf('}', i);
            return close < 0 ? text.Length : close + 1;
        }

        while (i < text.Length && IsIdentifierPart(text[i]))
        {
            i++;
        }

        return i;
    }
}
