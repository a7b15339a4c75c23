using System.Globalization;
using System.Text;
using Cluster.Api.Validation;

namespace Cluster.Api.Selectors;

/// <summary>
/// One condition of a <see cref="LabelSelector"/>: a label key, an operator and its values (Kubernetes
/// labels.Requirement). Instances are validated on creation and immutable. <see cref="ToString"/> prints the
/// selector syntax with set values sorted, e.g. <c>env in (dev,prod)</c>, <c>!tier</c>, <c>app=web</c>.
/// </summary>
public sealed class LabelRequirement
{
    private static readonly string[] AllOperatorTexts = ["in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"];

    private readonly string[] _values;

    private LabelRequirement(string key, LabelOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        _values = values;
        Values = Array.AsReadOnly(values);
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>The operator.</summary>
    public LabelOperator Operator { get; }

    /// <summary>The values, in the order given (sorted and de-duplicated when parsed from a string).</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>
    /// Validates and creates a requirement like upstream's NewRequirement: the key must be a qualified name,
    /// in/notin need values, the equality operators exactly one, exists/does-not-exist none, gt/lt one integer,
    /// and every value must be a valid label value.
    /// </summary>
    /// <exception cref="SelectorParseException">The requirement is invalid (message as upstream's).</exception>
    public static LabelRequirement Create(string key, LabelOperator op, IEnumerable<string> values) =>
        Create(key, op, values, emptyIsNil: false);

    // emptyIsNil: upstream's JSON conversion passes a nil slice for no values, which prints as []string(nil).
    internal static LabelRequirement Create(string key, LabelOperator op, IEnumerable<string> values, bool emptyIsNil)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        var vals = values.ToArray();
        object badValues = emptyIsNil && vals.Length == 0 ? NilStringList.Instance : vals;
        var errs = new List<FieldError>();
        var keyErrors = NameValidation.IsQualifiedName(key);
        if (keyErrors.Count != 0)
        {
            errs.Add(FieldError.Invalid(FieldPath.Root("key"), key, string.Join("; ", keyErrors)));
        }

        var valuePath = FieldPath.Root("values");
        switch (op)
        {
            case LabelOperator.In or LabelOperator.NotIn:
                if (vals.Length == 0)
                {
                    errs.Add(FieldError.Invalid(valuePath, badValues, "for 'in', 'notin' operators, values set can't be empty"));
                }

                break;
            case LabelOperator.Equal or LabelOperator.DoubleEqual or LabelOperator.NotEqual:
                if (vals.Length != 1)
                {
                    errs.Add(FieldError.Invalid(valuePath, badValues, "exact-match compatibility requires one single value"));
                }

                break;
            case LabelOperator.Exists or LabelOperator.DoesNotExist:
                if (vals.Length != 0)
                {
                    errs.Add(FieldError.Invalid(valuePath, badValues, "values set must be empty for exists and does not exist"));
                }

                break;
            case LabelOperator.GreaterThan or LabelOperator.LessThan:
                if (vals.Length != 1)
                {
                    errs.Add(FieldError.Invalid(valuePath, badValues, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }

                for (var i = 0; i < vals.Length; i++)
                {
                    if (!TryParseInt64(vals[i], out _))
                    {
                        errs.Add(FieldError.Invalid(valuePath.Index(i), vals[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
            default:
                errs.Add(FieldError.NotSupported(FieldPath.Root("operator"), OperatorText(op), AllOperatorTexts));
                break;
        }

        for (var i = 0; i < vals.Length; i++)
        {
            var valueErrors = NameValidation.IsValidLabelValue(vals[i]);
            if (valueErrors.Count != 0)
            {
                errs.Add(FieldError.Invalid(valuePath.Index(i).Key(key), vals[i], string.Join("; ", valueErrors)));
            }
        }

        if (errs.Count != 0)
        {
            throw new SelectorParseException(Aggregate(errs));
        }

        return new LabelRequirement(key, op, vals);
    }

    /// <summary>Whether the requirement holds for a label set; <paramref name="labels"/> may be null (no labels).</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var present = labels is not null && labels.TryGetValue(Key, out value);
        return Matches(present, value ?? string.Empty);
    }

    /// <summary>Whether the requirement holds when its key is <paramref name="present"/> with <paramref name="value"/>.</summary>
    public bool Matches(bool present, string value)
    {
        switch (Operator)
        {
            case LabelOperator.In or LabelOperator.Equal or LabelOperator.DoubleEqual:
                return present && HasValue(value);
            case LabelOperator.NotIn or LabelOperator.NotEqual:
                return !present || !HasValue(value);
            case LabelOperator.Exists:
                return present;
            case LabelOperator.DoesNotExist:
                return !present;
            case LabelOperator.GreaterThan or LabelOperator.LessThan:
                if (!present || _values.Length != 1 || !TryParseInt64(value, out var actual)
                    || !TryParseInt64(_values[0], out var bound))
                {
                    return false;
                }

                return Operator == LabelOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Operator == LabelOperator.DoesNotExist)
        {
            sb.Append('!');
        }

        sb.Append(Key);
        switch (Operator)
        {
            case LabelOperator.Exists or LabelOperator.DoesNotExist:
                return sb.ToString();
            case LabelOperator.In or LabelOperator.NotIn:
                sb.Append(Operator == LabelOperator.In ? " in (" : " notin (");
                AppendValues(sb);
                return sb.Append(')').ToString();
            default:
                sb.Append(OperatorText(Operator) switch
                {
                    "gt" => ">",
                    "lt" => "<",
                    var text => text,
                });
                AppendValues(sb);
                return sb.ToString();
        }
    }

    internal static LabelRequirement CreateUnchecked(string key, LabelOperator op, string[] values) => new(key, op, values);

    internal static string OperatorText(LabelOperator op) => op switch
    {
        LabelOperator.In => "in",
        LabelOperator.NotIn => "notin",
        LabelOperator.Equal => "=",
        LabelOperator.DoubleEqual => "==",
        LabelOperator.NotEqual => "!=",
        LabelOperator.GreaterThan => "gt",
        LabelOperator.LessThan => "lt",
        LabelOperator.Exists => "exists",
        LabelOperator.DoesNotExist => "!",
        _ => ((int)op).ToString(CultureInfo.InvariantCulture),
    };

    // Like Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits only.
    internal static bool TryParseInt64(string s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    // Like upstream's aggregate error: one message alone, several de-duplicated in brackets.
    internal static string Aggregate(List<FieldError> errs)
    {
        var messages = errs.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        return messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";
    }

    private bool HasValue(string value)
    {
        foreach (var v in _values)
        {
            if (string.Equals(v, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void AppendValues(StringBuilder sb)
    {
        if (_values.Length == 1)
        {
            sb.Append(_values[0]);
            return;
        }

        var sorted = (string[])_values.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        sb.AppendJoin(',', sorted);
    }
}
