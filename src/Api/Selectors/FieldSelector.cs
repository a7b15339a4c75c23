using System.Globalization;
using System.Text;

namespace Cluster.Api.Selectors;

/// <summary>
/// A Kubernetes field selector: an AND of <c>field=value</c>, <c>field==value</c> and <c>field!=value</c>
/// terms separated by ','. In values, <c>\,</c>, <c>\=</c> and <c>\\</c> escape those characters; nothing
/// is trimmed. Like upstream, terms are sorted by their text, empty terms are skipped, and a field that is not
/// set compares as the empty string. Which field names are allowed is up to the caller. Immutable and
/// thread-safe.
/// </summary>
public sealed class FieldSelector
{
    private readonly FieldRequirement[] _requirements;

    private FieldSelector(FieldRequirement[] requirements)
    {
        _requirements = requirements;
        Requirements = Array.AsReadOnly(requirements);
    }

    /// <summary>The selector with no terms: matches everything.</summary>
    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The terms, in upstream's order (sorted by their original text).</summary>
    public IReadOnlyList<FieldRequirement> Requirements { get; }

    /// <summary>True when there are no terms.</summary>
    public bool IsEverything => _requirements.Length == 0;

    /// <summary>Parses a field selector string; the empty string is <see cref="Everything"/>.</summary>
    /// <exception cref="SelectorParseException">A term has no operator or a value has a bad escape.</exception>
    public static FieldSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = SplitTerms(text);
        parts.Sort(StringComparer.Ordinal);
        var requirements = new List<FieldRequirement>();
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (!TrySplitTerm(part, out var field, out var op, out var rawValue))
            {
                throw new SelectorParseException($"invalid selector: '{text}'; can't understand '{part}'");
            }

            var value = UnescapeValue(rawValue);
            // Upstream's identity transform turns a term with empty field and value ("=") into "everything".
            if (field.Length == 0 && value.Length == 0)
            {
                continue;
            }

            requirements.Add(new FieldRequirement(field, op, value));
        }

        return requirements.Count == 0 ? Everything : new FieldSelector([.. requirements]);
    }

    /// <summary>Like <see cref="Parse"/>, returning false and the error message instead of throwing.</summary>
    public static bool TryParse(string text, out FieldSelector selector, out string? error)
    {
        try
        {
            selector = Parse(text);
            error = null;
            return true;
        }
        catch (SelectorParseException e)
        {
            selector = Everything;
            error = e.Message;
            return false;
        }
    }

    /// <summary>A selector of the given terms, kept in the given order.</summary>
    public static FieldSelector FromRequirements(IEnumerable<FieldRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var array = requirements.ToArray();
        return array.Length == 0 ? Everything : new FieldSelector(array);
    }

    /// <summary>Whether every term holds; <paramref name="fieldValue"/> returns a field's value, or null when unset.</summary>
    public bool Matches(Func<string, string?> fieldValue)
    {
        ArgumentNullException.ThrowIfNull(fieldValue);
        foreach (var r in _requirements)
        {
            if (!r.Matches(fieldValue(r.Field)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// When a term requires <paramref name="field"/> to equal a value, returns true and that value (the first
    /// such term). Used to narrow a list, e.g. by <c>metadata.name</c>.
    /// </summary>
    public bool TryGetExact(string field, out string value)
    {
        foreach (var r in _requirements)
        {
            if (r.Operator == FieldOperator.Equal && string.Equals(r.Field, field, StringComparison.Ordinal))
            {
                value = r.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The terms joined by ',' with values escaped; '==' prints as '='.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    /// <summary>Escapes '\', ',' and '=' in a value with a backslash.</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '\\' or ',' or '=')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Reverses <see cref="EscapeValue"/>.</summary>
    /// <exception cref="SelectorParseException">An unknown escape, a trailing '\', or an unescaped ',' or '='.</exception>
    public static string UnescapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        var inSlash = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (inSlash)
            {
                if (rune.Value is not ('\\' or ',' or '='))
                {
                    throw new SelectorParseException("invalid field selector: invalid escape sequence: \\" + rune);
                }

                sb.Append(rune.ToString());
                inSlash = false;
                continue;
            }

            switch (rune.Value)
            {
                case '\\':
                    inSlash = true;
                    break;
                case ',' or '=':
                    // Upstream prints the rune with %v, which is its code point number.
                    throw new SelectorParseException("invalid field selector: unescaped character in value: "
                        + rune.Value.ToString(CultureInfo.InvariantCulture));
                default:
                    sb.Append(rune.ToString());
                    break;
            }
        }

        if (inSlash)
        {
            throw new SelectorParseException("invalid field selector: invalid escape sequence: \\");
        }

        return sb.ToString();
    }

    // Splits on commas that are not escaped; a backslash always protects the next character.
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        if (text.Length == 0)
        {
            return terms;
        }

        var start = 0;
        var inSlash = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inSlash)
            {
                inSlash = false;
            }
            else if (c == '\\')
            {
                inSlash = true;
            }
            else if (c == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    // The first position where "!=", "==" or "=" starts (tried in that order) splits field from value.
    private static bool TrySplitTerm(string term, out string field, out FieldOperator op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            var rest = term.AsSpan(i);
            if (rest.StartsWith("!=", StringComparison.Ordinal))
            {
                (field, op, value) = (term[..i], FieldOperator.NotEqual, term[(i + 2)..]);
                return true;
            }

            if (rest.StartsWith("==", StringComparison.Ordinal))
            {
                (field, op, value) = (term[..i], FieldOperator.Equal, term[(i + 2)..]);
                return true;
            }

            if (rest.StartsWith("=", StringComparison.Ordinal))
            {
                (field, op, value) = (term[..i], FieldOperator.Equal, term[(i + 1)..]);
                return true;
            }
        }

        (field, op, value) = (string.Empty, FieldOperator.Equal, string.Empty);
        return false;
    }
}
