using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Serialization;

namespace Cluster.Api.Quantities;

/// <summary>
/// A Kubernetes resource quantity (resource.Quantity): an exact decimal number, <see cref="Mantissa"/> ×
/// 10^<see cref="Exponent"/>, with the <see cref="Format"/> it was written in. Parsing follows upstream v1.32
/// exactly (see <see cref="Parse"/>). <see cref="ToString"/> prints upstream's canonical form: no fraction,
/// the largest suffix that loses nothing (<c>1000m</c> → <c>1</c>, <c>0.5</c> → <c>500m</c>,
/// <c>1.5Gi</c> → <c>1536Mi</c>, <c>1024Mi</c> → <c>1Gi</c>); like upstream it returns the input text
/// unchanged when the parse found it already canonical. Equality and ordering compare values only
/// (<c>1Ki == 1024</c>). Immutable; the default value is zero.
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>, IComparable
{
    private static readonly string[] BinarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

    private readonly BigInteger _mantissa;
    private readonly long _exponent;
    private readonly string? _text;

    internal Quantity(BigInteger mantissa, long exponent, QuantityFormat format, string? text)
    {
        var (m, removed) = DecimalDigits.StripTrailingZeros(mantissa);
        _mantissa = m;
        _exponent = m.IsZero ? 0 : exponent + removed;
        Format = format;
        _text = text;
    }

    /// <summary>The zero quantity ("0").</summary>
    public static Quantity Zero => default;

    /// <summary>The mantissa without trailing zeros (zero for zero); the value is Mantissa × 10^Exponent.</summary>
    public BigInteger Mantissa => _mantissa;

    /// <summary>The power of ten; at least -9 for parsed quantities (nano precision).</summary>
    public long Exponent => _exponent;

    /// <summary>The notation used when printing.</summary>
    public QuantityFormat Format { get; }

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => _mantissa.Sign;

    /// <summary>Whether the value is zero.</summary>
    public bool IsZero => _mantissa.IsZero;

    /// <summary>
    /// Parses a quantity: <c>[+-]</c>digits with an optional fraction, then a suffix: n u m "" k M G T P E
    /// (decimal), Ki Mi Gi Ti Pi Ei (binary) or e/E and a signed integer exponent. Values are rounded up in
    /// magnitude to 1n; binary values saturate at 2^63-1. No surrounding whitespace is allowed.
    /// </summary>
    /// <exception cref="FormatException">Not a quantity; the message is upstream's.</exception>
    public static Quantity Parse(string text)
    {
        var error = QuantityParser.TryParse(text, out var q);
        return error is null ? q : throw new FormatException(error);
    }

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? text, out Quantity quantity) => QuantityParser.TryParse(text, out quantity) is null;

    /// <summary>A whole number of units, e.g. <c>FromValue(5, BinarySI)</c>.</summary>
    public static Quantity FromValue(long value, QuantityFormat format) => new(value, 0, format, null);

    /// <summary>A number of thousandths, e.g. <c>FromMilliValue(500, DecimalSI)</c> is 500m.</summary>
    public static Quantity FromMilliValue(long milliValue, QuantityFormat format) => new(milliValue, -3, format, null);

    /// <summary><paramref name="value"/> × 10^<paramref name="scale"/> in DecimalSI, like upstream's NewScaledQuantity.</summary>
    public static Quantity FromScaled(long value, int scale) => new(value, scale, QuantityFormat.DecimalSI, null);

    /// <summary>The value in whole units, rounded up in magnitude (1.1 → 2, -1.1 → -2); saturates at the long range.</summary>
    public long Value() => ScaledValue(0);

    /// <summary>The value in thousandths, rounded up in magnitude; saturates at the long range.</summary>
    public long MilliValue() => ScaledValue(-3);

    /// <summary>The value in units of 10^<paramref name="scale"/>, rounded up in magnitude; saturates at the long range.</summary>
    public long ScaledValue(int scale)
    {
        if (_mantissa.IsZero)
        {
            return 0;
        }

        var shift = _exponent - scale;
        if (shift > 0 && DecimalDigits.Count(_mantissa) + shift > 20)
        {
            return _mantissa.Sign > 0 ? long.MaxValue : long.MinValue;
        }

        var result = DecimalDigits.DivideRoundingAway(_mantissa, -shift);
        if (result > long.MaxValue)
        {
            return long.MaxValue;
        }

        return result < long.MinValue ? long.MinValue : (long)result;
    }

    /// <summary>The exact value as a decimal.</summary>
    /// <exception cref="OverflowException">The value does not fit a decimal exactly.</exception>
    public decimal ToDecimal()
    {
        if (_exponent >= 0)
        {
            if (DecimalDigits.Count(_mantissa) + _exponent > 29)
            {
                throw new OverflowException("quantity is too large for a decimal");
            }

            return (decimal)(_mantissa * DecimalDigits.Pow10(_exponent));
        }

        var abs = BigInteger.Abs(_mantissa);
        if (-_exponent > 28 || abs.GetBitLength() > 96)
        {
            throw new OverflowException("quantity does not fit a decimal exactly");
        }

        var bytes = new byte[12];
        abs.TryWriteBytes(bytes, out _, isUnsigned: true);
        return new decimal(
            BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8),
            _mantissa.Sign < 0, (byte)-_exponent);
    }

    /// <summary>The nearest double (infinite when out of range).</summary>
    public double ToDouble() =>
        double.Parse(_mantissa.ToString(CultureInfo.InvariantCulture) + "E" + _exponent.ToString(CultureInfo.InvariantCulture),
            NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The sum; the format is this one's, or <paramref name="other"/>'s when this is zero (as upstream).</summary>
    /// <exception cref="OverflowException">The exponents are too far apart (more than a million digits) to add exactly.</exception>
    public Quantity Add(Quantity other)
    {
        var format = IsZero ? other.Format : Format;
        var e = Math.Min(_exponent, other._exponent);
        return new Quantity(Align(_mantissa, _exponent, e) + Align(other._mantissa, other._exponent, e), e, format, null);
    }

    /// <summary>The difference; the format is this one's, or <paramref name="other"/>'s when this is zero (as upstream).</summary>
    /// <exception cref="OverflowException">The exponents are too far apart (more than a million digits) to subtract exactly.</exception>
    public Quantity Subtract(Quantity other) => Add(other.Negate());

    /// <summary>The negated value, same format.</summary>
    public Quantity Negate() => new(-_mantissa, _exponent, Format, null);

    /// <summary>The same value printed in another format.</summary>
    public Quantity WithFormat(QuantityFormat format) => new(_mantissa, _exponent, format, null);

    /// <summary>Compares values (formats are ignored).</summary>
    public int CompareTo(Quantity other)
    {
        var (sa, sb) = (_mantissa.Sign, other._mantissa.Sign);
        if (sa != sb)
        {
            return sa.CompareTo(sb);
        }

        if (sa == 0)
        {
            return 0;
        }

        if (_exponent == other._exponent)
        {
            return _mantissa.CompareTo(other._mantissa);
        }

        var da = DecimalDigits.Count(_mantissa) + _exponent;
        var db = DecimalDigits.Count(other._mantissa) + other._exponent;
        int magnitude;
        if (da != db)
        {
            magnitude = da.CompareTo(db);
        }
        else
        {
            // Same order of magnitude, so the exponents differ by at most the digit counts: aligning is cheap.
            var e = Math.Min(_exponent, other._exponent);
            magnitude = BigInteger.Abs(Align(_mantissa, _exponent, e)).CompareTo(BigInteger.Abs(Align(other._mantissa, other._exponent, e)));
        }

        return sa > 0 ? magnitude : -magnitude;
    }

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Quantity q => CompareTo(q),
        _ => throw new ArgumentException("object is not a Quantity", nameof(obj)),
    };

    public bool Equals(Quantity other) => _mantissa == other._mantissa && _exponent == other._exponent;

    public override bool Equals(object? obj) => obj is Quantity q && Equals(q);

    public override int GetHashCode() => HashCode.Combine(_mantissa, _exponent);

    /// <summary>The canonical form (or the input text, when the parse found it canonical, as upstream).</summary>
    public override string ToString() => _text ?? Canonical();

    public static bool operator ==(Quantity left, Quantity right) => left.Equals(right);

    public static bool operator !=(Quantity left, Quantity right) => !left.Equals(right);

    public static bool operator <(Quantity left, Quantity right) => left.CompareTo(right) < 0;

    public static bool operator >(Quantity left, Quantity right) => left.CompareTo(right) > 0;

    public static bool operator <=(Quantity left, Quantity right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Quantity left, Quantity right) => left.CompareTo(right) >= 0;

    private static BigInteger Align(BigInteger mantissa, long exponent, long target)
    {
        var shift = exponent - target;
        if (mantissa.IsZero || shift == 0)
        {
            return mantissa;
        }

        if (shift > 1_000_000)
        {
            throw new OverflowException("quantities differ by too many orders of magnitude");
        }

        return mantissa * DecimalDigits.Pow10(shift);
    }

    private string Canonical()
    {
        if (_mantissa.IsZero)
        {
            return "0";
        }

        var format = Format;
        if (format == QuantityFormat.BinarySI)
        {
            // Small or fractional binary values print in decimal; so do absurdly large ones.
            var magnitude = DecimalDigits.Count(_mantissa) + _exponent;
            if (_exponent < 0 || magnitude > 40 || BigInteger.Abs(_mantissa * DecimalDigits.Pow10(_exponent)) < 1024)
            {
                format = QuantityFormat.DecimalSI;
            }
            else
            {
                return CanonicalBinary(_mantissa * DecimalDigits.Pow10(_exponent));
            }
        }

        // The exponent goes down to a multiple of three; the mantissa takes the difference.
        var rem = ((_exponent % 3) + 3) % 3;
        var e3 = _exponent - rem;
        var number = (_mantissa * DecimalDigits.Pow10(rem)).ToString(CultureInfo.InvariantCulture);
        string? suffix = null;
        if (format == QuantityFormat.DecimalSI)
        {
            suffix = e3 switch
            {
                -9 => "n",
                -6 => "u",
                -3 => "m",
                0 => string.Empty,
                3 => "k",
                6 => "M",
                9 => "G",
                12 => "T",
                15 => "P",
                18 => "E",
                _ => null,
            };
        }

        // Beyond the SI suffixes, use the exponent form rather than dropping the magnitude (upstream's fix,
        // kubernetes/kubernetes#140459; v1.32 printed 1000E as "1").
        suffix ??= e3 == 0 ? string.Empty : "e" + e3.ToString(CultureInfo.InvariantCulture);
        return number + suffix;
    }

    private static string CanonicalBinary(BigInteger value)
    {
        var power = 0;
        while (power < BinarySuffixes.Length - 1)
        {
            var quotient = BigInteger.DivRem(value, 1024, out var remainder);
            if (!remainder.IsZero)
            {
                break;
            }

            value = quotient;
            power++;
        }

        return new StringBuilder(value.ToString(CultureInfo.InvariantCulture)).Append(BinarySuffixes[power]).ToString();
    }
}
