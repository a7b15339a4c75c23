using System.Numerics;

namespace Cluster.Api.Quantities;

/// <summary>Small helpers for arbitrary-precision decimal arithmetic on (mantissa, power of ten) pairs.</summary>
internal static class DecimalDigits
{
    /// <summary>10^<paramref name="exponent"/> for a non-negative exponent.</summary>
    public static BigInteger Pow10(long exponent) => BigInteger.Pow(10, checked((int)exponent));

    /// <summary>The number of decimal digits of |<paramref name="value"/>|; 1 for zero.</summary>
    public static long Count(BigInteger value)
    {
        var abs = BigInteger.Abs(value);
        if (abs <= ulong.MaxValue)
        {
            var small = (ulong)abs;
            long count = 1;
            while (small >= 10)
            {
                small /= 10;
                count++;
            }

            return count;
        }

        var digits = (long)Math.Floor(BigInteger.Log10(abs)) + 1;
        // Log10 can be off by one right at a power of ten.
        if (abs >= Pow10(digits))
        {
            digits++;
        }
        else if (abs < Pow10(digits - 1))
        {
            digits--;
        }

        return digits;
    }

    /// <summary>Removes trailing decimal zeros: returns the reduced mantissa and how many zeros were removed.</summary>
    public static (BigInteger Mantissa, long Removed) StripTrailingZeros(BigInteger value)
    {
        if (value.IsZero)
        {
            return (value, 0);
        }

        // Divide by 10, 10^2, 10^4, ... while exact, then by the same powers downwards: O(log n) big divisions
        // even for a mantissa with a huge number of trailing zeros.
        long removed = 0;
        var powers = new List<(BigInteger Power, long Zeros)> { (10, 1) };
        while (TryDivideExact(ref value, powers[^1].Power))
        {
            removed += powers[^1].Zeros;
            var next = powers[^1].Power * powers[^1].Power;
            if (next > BigInteger.Abs(value))
            {
                break;
            }

            powers.Add((next, powers[^1].Zeros * 2));
        }

        for (var i = powers.Count - 1; i >= 0; i--)
        {
            while (TryDivideExact(ref value, powers[i].Power))
            {
                removed += powers[i].Zeros;
            }
        }

        return (value, removed);
    }

    /// <summary>
    /// |<paramref name="value"/>| / 10^<paramref name="shift"/> rounded up in magnitude, sign kept; the result is
    /// ±1 for any non-zero value shifted past all its digits.
    /// </summary>
    public static BigInteger DivideRoundingAway(BigInteger value, long shift)
    {
        if (shift <= 0)
        {
            return value * Pow10(-shift);
        }

        if (value.IsZero)
        {
            return value;
        }

        var sign = value.Sign;
        var abs = BigInteger.Abs(value);
        if (shift > Count(abs))
        {
            return sign;
        }

        var quotient = BigInteger.DivRem(abs, Pow10(shift), out var remainder);
        if (!remainder.IsZero)
        {
            quotient += 1;
        }

        return sign * quotient;
    }

    private static bool TryDivideExact(ref BigInteger value, BigInteger divisor)
    {
        var quotient = BigInteger.DivRem(value, divisor, out var remainder);
        if (!remainder.IsZero)
        {
            return false;
        }

        value = quotient;
        return true;
    }
}
