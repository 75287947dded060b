namespace QualityWatch.Dashboards.Tests.PromQl;

/// <summary>
/// Splits an alert condition such as <c>(a > on (x) (6 * b)) and on (x) (c > 0.1)</c> at its top-level set
/// operators (<c>or</c>, <c>and</c>, <c>unless</c>) and comparisons into the operands that select data
/// (<c>a</c>, <c>(6 * b)</c>, <c>c</c>). A healthy system makes an alert's condition empty, but each operand must
/// still return data, otherwise the alert could never fire.
/// </summary>
internal static class PromQlConditionOperands
{
    private static readonly string[][] OperatorsByPrecedence =
    [
        ["or"],
        ["and", "unless"],
        ["==", "!=", ">=", "<=", ">", "<"],
    ];

    private static readonly string[] Modifiers = ["on", "ignoring", "group_left", "group_right"];

    public static IReadOnlyList<string> Split(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var operands = new List<string>();
        Collect(expression, operands);
        return operands;
    }

    private static void Collect(string expression, List<string> operands)
    {
        var text = StripModifiers(StripOuterParentheses(expression.Trim()));
        foreach (var operators in OperatorsByPrecedence)
        {
            var parts = SplitTopLevel(text, operators);
            if (parts.Count > 1)
            {
                foreach (var part in parts)
                {
                    Collect(part, operands);
                }

                return;
            }
        }

        if (PromQlMetricNames.Extract(text).Count > 0)
        {
            operands.Add(text);
        }
    }

    private static string StripOuterParentheses(string text)
    {
        while (text.Length > 1 && text[0] == '(' && MatchingClose(text, 0) == text.Length - 1)
        {
            text = text[1..^1].Trim();
        }

        return text;
    }

    // "on (a, b) group_left (c) bool x" → "x"
    private static string StripModifiers(string text)
    {
        var changed = true;
        while (changed)
        {
            changed = false;
            if (text.StartsWith("bool", StringComparison.Ordinal) && text.Length > 4 && !IsWordChar(text[4]))
            {
                text = text[4..].TrimStart();
                changed = true;
            }

            foreach (var modifier in Modifiers)
            {
                if (text.StartsWith(modifier, StringComparison.Ordinal) && text.Length > modifier.Length && !IsWordChar(text[modifier.Length]))
                {
                    var rest = text[modifier.Length..].TrimStart();
                    text = rest.StartsWith('(') ? rest[(MatchingClose(rest, 0) + 1)..].TrimStart() : rest;
                    changed = true;
                }
            }
        }

        return StripOuterParentheses(text);
    }

    private static List<string> SplitTopLevel(string text, string[] operators)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipString(text, i);
                continue;
            }

            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (depth == 0 && MatchOperator(text, i, operators) is { } length)
            {
                parts.Add(text[start..i]);
                i += length;
                start = i;
                continue;
            }

            i++;
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static int? MatchOperator(string text, int i, string[] operators)
    {
        foreach (var op in operators)
        {
            if (string.CompareOrdinal(text, i, op, 0, op.Length) != 0)
            {
                continue;
            }

            if (char.IsLetter(op[0]))
            {
                var before = i == 0 || !IsWordChar(text[i - 1]);
                var after = i + op.Length >= text.Length || !IsWordChar(text[i + op.Length]);
                if (before && after)
                {
                    return op.Length;
                }
            }
            else if (!(op is ">" or "<" && i + 1 < text.Length && text[i + 1] == '=')
                     && !(op == "!=" && i + 2 < text.Length && text[i + 2] == '~'))
            {
                return op.Length;
            }
        }

        return null;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static int MatchingClose(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] is '"' or '\'' or '`')
            {
                i = SkipString(text, i) - 1;
                continue;
            }

            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static int SkipString(string text, int i)
    {
        var quote = text[i++];
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' && quote != '`' ? 2 : 1;
        }

        return Math.Min(i + 1, text.Length);
    }
}
