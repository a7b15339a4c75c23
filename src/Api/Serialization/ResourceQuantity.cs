namespace Cluster.Api.Serialization;

/// <summary>
/// A resource quantity (Kubernetes resource.Quantity: "500m", "128Mi", "1.5", "2e3") kept as the exact text given,
/// so a round trip returns the user's string unchanged. Construction checks the quantity syntax (sign, decimal
/// number, then a binary suffix Ki..Ei, a decimal suffix n u m k M G T P E, or an exponent). Equality is textual
/// ("1" differs from "1000m"); numeric value and canonical form are not computed here. <c>default</c> reads as "0".
/// </summary>
public readonly record struct ResourceQuantity
{
    private readonly string? text;

    public ResourceQuantity(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsWellFormed(value))
        {
            throw new FormatException($"\"{value}\" is not a quantity: expected a decimal number with an optional suffix (m, k, Mi, Gi...) or exponent");
        }
        text = value;
    }

    /// <summary>The quantity exactly as given.</summary>
    public string Value => text ?? "0";

    public static implicit operator ResourceQuantity(string value) => new(value);

    public static ResourceQuantity FromString(string value) => new(value);

    /// <summary>True when <paramref name="value"/> is a quantity Kubernetes would parse.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        var i = 0;
        if (i < value.Length && value[i] is '+' or '-')
        {
            i++;
        }
        var digits = 0;
        var dots = 0;
        for (; i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.'); i++)
        {
            if (value[i] == '.')
            {
                dots++;
            }
            else
            {
                digits++;
            }
        }
        if (digits == 0 || dots > 1)
        {
            return false;
        }
        var suffix = value[i..];
        return suffix.Length == 0
            || suffix is "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei" or "n" or "u" or "m" or "k" or "M" or "G" or "T" or "P" or "E"
            || IsExponent(suffix);
    }

    private static bool IsExponent(ReadOnlySpan<char> suffix)
    {
        if (suffix.Length < 2 || suffix[0] is not ('e' or 'E'))
        {
            return false;
        }
        var digits = suffix[1] is '+' or '-' ? suffix[2..] : suffix[1..];
        return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    public override string ToString() => Value;
}
