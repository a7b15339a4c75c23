using System.Globalization;

namespace Cluster.Api.Serialization;

/// <summary>
/// A value that is either a 32-bit integer or a string (Kubernetes intstr.IntOrString): a port number or port
/// name, a count or a percentage ("25%"). In JSON it is a number or a string, and the form read is the form
/// written, so "80" and 80 stay distinct. <c>default</c> is the integer 0. Equality compares form and value.
/// </summary>
public readonly record struct IntOrString
{
    private readonly string? text;
    private readonly int number;

    public IntOrString(int value) => number = value;

    public IntOrString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        text = value;
    }

    /// <summary>True when the value is an integer (a JSON number).</summary>
    public bool IsInt => text is null;

    /// <summary>The integer; throws when the value is a string.</summary>
    public int IntValue => text is null ? number : throw new InvalidOperationException($"IntOrString holds the string \"{text}\", not an integer");

    /// <summary>The string; throws when the value is an integer.</summary>
    public string StringValue => text ?? throw new InvalidOperationException($"IntOrString holds the integer {number}, not a string");

    public static implicit operator IntOrString(int value) => new(value);

    public static implicit operator IntOrString(string value) => new(value);

    public static IntOrString FromInt32(int value) => new(value);

    public static IntOrString FromString(string value) => new(value);

    /// <summary>
    /// Resolves an integer or a percentage against <paramref name="total"/>, as Kubernetes does for maxSurge,
    /// maxUnavailable and minAvailable: an integer is returned as is; "N%" is N percent of total, rounded up or
    /// down. Any other string is a <see cref="FormatException"/>.
    /// </summary>
    public int GetScaledValue(int total, bool roundUp)
    {
        if (text is null)
        {
            return number;
        }
        if (!text.EndsWith('%')
            || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
        {
            throw new FormatException($"invalid value for IntOrString: \"{text}\" is not an integer or a percentage");
        }
        var scaled = (double)percent * total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }

    public override string ToString() => text ?? number.ToString(CultureInfo.InvariantCulture);
}
