using System.Globalization;
using System.Numerics;

namespace Cluster.Api.Quantities;

/// <summary>
/// Parses the Kubernetes quantity syntax exactly as upstream's ParseQuantity (apimachinery v1.32):
/// <c>[+-]digits[.digits]</c> followed by a decimal SI suffix (n u m k M G T P E), a binary suffix
/// (Ki Mi Gi Ti Pi Ei) or a decimal exponent (e3, E-6, e+2). The value is rounded up in magnitude to nine
/// decimal places (1n); binary quantities saturate at 2^63-1 and become DecimalSI below 1.
/// </summary>
internal static class QuantityParser
{
    public const string ErrFormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public const string ErrNumeric = "unable to parse numeric part of quantity";
    public const string ErrSuffix = "unable to parse quantity's suffix";

    private const int MaxInt64Factors = 18;
    private const long Nano = -9;
    private static readonly BigInteger MaxInt64 = long.MaxValue;

    /// <summary>Parses <paramref name="text"/>; returns null on success, else upstream's error message.</summary>
    public static string? TryParse(string? text, out Quantity result)
    {
        result = default;
        if (string.IsNullOrEmpty(text))
        {
            return ErrFormatWrong;
        }

        if (text == "0")
        {
            result = new Quantity(BigInteger.Zero, 0, QuantityFormat.DecimalSI, text);
            return null;
        }

        if (!Split(text, out var positive, out var valueHasDigit, out var num, out var denom, out var suffix))
        {
            return ErrFormatWrong;
        }

        if (!InterpretSuffix(suffix, out var binary, out var exponent, out var format))
        {
            return ErrSuffix;
        }

        // Upstream's int64 fast path decides whether the input text is kept as the printed form, and only
        // the slow path rejects a number without digits (such as "." followed by a long exponent).
        var keepText = false;
        var fast = false;
        long precision;
        long scale = 0;
        if (!binary)
        {
            scale = exponent;
            precision = MaxInt64Factors - (num.Length + denom.Length);
        }
        else
        {
            precision = exponent >= 0 && denom.Length == 0
                ? 15 - num.Length - (int)((float)exponent * 3 / 10) - 1
                : -1;
        }

        if (precision >= 0)
        {
            scale -= denom.Length;
            if (scale >= Nano)
            {
                fast = true;
                var shifted = num + denom;
                var shiftedValue = long.Parse(shifted, NumberStyles.None, CultureInfo.InvariantCulture);
                keepText = binary
                    ? exponent % 10 == 0 && (shiftedValue & 0x07) != 0
                    : scale % 3 == 0 && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
            }
        }

        if (!fast && !valueHasDigit)
        {
            return ErrNumeric;
        }

        var digits = (num + denom).TrimStart('0');
        var trimmed = digits.TrimEnd('0');
        var e = (long)(digits.Length - trimmed.Length) - denom.Length;
        var mantissa = trimmed.Length == 0
            ? BigInteger.Zero
            : BigInteger.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture);
        if (binary)
        {
            mantissa <<= exponent;
        }
        else
        {
            e += exponent;
        }

        if (!positive)
        {
            mantissa = -mantissa;
        }

        if (e < Nano)
        {
            mantissa = DecimalDigits.DivideRoundingAway(mantissa, Nano - e);
            e = Nano;
        }

        if (format == QuantityFormat.BinarySI && ExceedsInt64(mantissa, e))
        {
            mantissa = mantissa.Sign * MaxInt64;
            e = 0;
        }

        if (format == QuantityFormat.BinarySI && !mantissa.IsZero && IsBelowOne(mantissa, e))
        {
            format = QuantityFormat.DecimalSI;
        }

        result = new Quantity(mantissa, e, format, keepText ? text : null);
        return null;
    }

    // Upstream's parseQuantityString: sign, leading zeros, integer digits, optional '.' and fraction, then a
    // suffix of suffix letters, an optional sign and digits. Anything left over is a format error.
    private static bool Split(string str, out bool positive, out bool valueHasDigit, out string num, out string denom, out string suffix)
    {
        positive = true;
        valueHasDigit = true;
        num = "0";
        denom = string.Empty;
        suffix = string.Empty;
        var pos = 0;
        var end = str.Length;
        if (str[0] == '-')
        {
            positive = false;
            pos++;
        }
        else if (str[0] == '+')
        {
            pos++;
        }

        while (pos < end && str[pos] == '0')
        {
            pos++;
        }

        if (pos >= end)
        {
            return true;
        }

        var numStart = pos;
        while (pos < end && char.IsAsciiDigit(str[pos]))
        {
            pos++;
        }

        num = pos > numStart ? str[numStart..pos] : "0";
        if (pos < end && str[pos] == '.')
        {
            pos++;
            var denomStart = pos;
            while (pos < end && char.IsAsciiDigit(str[pos]))
            {
                pos++;
            }

            denom = str[denomStart..pos];
        }

        valueHasDigit = str.AsSpan(0, pos).IndexOfAnyInRange('0', '9') >= 0;
        var suffixStart = pos;
        while (pos < end && "eEinumkKMGTP".Contains(str[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        if (pos < end && str[pos] is '-' or '+')
        {
            pos++;
        }

        while (pos < end && char.IsAsciiDigit(str[pos]))
        {
            pos++;
        }

        suffix = str[suffixStart..];
        return pos >= end;
    }

    private static bool InterpretSuffix(string suffix, out bool binary, out int exponent, out QuantityFormat format)
    {
        binary = false;
        format = QuantityFormat.DecimalSI;
        switch (suffix)
        {
            case "": exponent = 0; return true;
            case "n": exponent = -9; return true;
            case "u": exponent = -6; return true;
            case "m": exponent = -3; return true;
            case "k": exponent = 3; return true;
            case "M": exponent = 6; return true;
            case "G": exponent = 9; return true;
            case "T": exponent = 12; return true;
            case "P": exponent = 15; return true;
            case "E": exponent = 18; return true;
        }

        binary = true;
        format = QuantityFormat.BinarySI;
        switch (suffix)
        {
            case "Ki": exponent = 10; return true;
            case "Mi": exponent = 20; return true;
            case "Gi": exponent = 30; return true;
            case "Ti": exponent = 40; return true;
            case "Pi": exponent = 50; return true;
            case "Ei": exponent = 60; return true;
        }

        binary = false;
        format = QuantityFormat.DecimalExponent;
        exponent = 0;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && long.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            // Upstream narrows the parsed exponent to int32 without a range check.
            exponent = unchecked((int)parsed);
            return true;
        }

        return false;
    }

    private static bool ExceedsInt64(BigInteger mantissa, long e)
    {
        if (mantissa.IsZero)
        {
            return false;
        }

        if (e >= 0)
        {
            return DecimalDigits.Count(mantissa) + e > 19 || BigInteger.Abs(mantissa) * DecimalDigits.Pow10(e) > MaxInt64;
        }

        return BigInteger.Abs(mantissa) > MaxInt64 * DecimalDigits.Pow10(-e);
    }

    private static bool IsBelowOne(BigInteger mantissa, long e) =>
        e < 0 && BigInteger.Abs(mantissa) < DecimalDigits.Pow10(-e);
}
