using System.Numerics;
using Cluster.Api.Quantities;

namespace Cluster.Api.Tests.Quantities;

public class QuantityParseTests
{
    // Upstream TestQuantityParse: input, expected value as mantissa x 10^exponent, expected format.
    public static TheoryData<string, long, int, QuantityFormat> Table() => new()
    {
        { "0", 0, 0, QuantityFormat.DecimalSI },
        { "0n", 0, 0, QuantityFormat.DecimalSI },
        { "0u", 0, 0, QuantityFormat.DecimalSI },
        { "0m", 0, 0, QuantityFormat.DecimalSI },
        { "0Ki", 0, 0, QuantityFormat.BinarySI },
        { "0k", 0, 0, QuantityFormat.DecimalSI },
        { "0Mi", 0, 0, QuantityFormat.BinarySI },
        { "0M", 0, 0, QuantityFormat.DecimalSI },
        { "0Gi", 0, 0, QuantityFormat.BinarySI },
        { "0T", 0, 0, QuantityFormat.DecimalSI },
        { "1", 1, 0, QuantityFormat.DecimalSI },
        { "1Ki", 1024, 0, QuantityFormat.BinarySI },
        { "8Ki", 8 * 1024, 0, QuantityFormat.BinarySI },
        { "7Mi", 7 * 1024 * 1024, 0, QuantityFormat.BinarySI },
        { "6Gi", 6L * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI },
        { "5Ti", 5L * 1024 * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI },
        { "4Pi", 4L * 1024 * 1024 * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI },
        { "3Ei", 3L * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI },
        { "100Ti", 100L * 1024 * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI },
        { "5n", 5, -9, QuantityFormat.DecimalSI },
        { "4u", 4, -6, QuantityFormat.DecimalSI },
        { "3m", 3, -3, QuantityFormat.DecimalSI },
        { "9", 9, 0, QuantityFormat.DecimalSI },
        { "8k", 8, 3, QuantityFormat.DecimalSI },
        { "50k", 5, 4, QuantityFormat.DecimalSI },
        { "7M", 7, 6, QuantityFormat.DecimalSI },
        { "6G", 6, 9, QuantityFormat.DecimalSI },
        { "5T", 5, 12, QuantityFormat.DecimalSI },
        { "40T", 4, 13, QuantityFormat.DecimalSI },
        { "300T", 3, 14, QuantityFormat.DecimalSI },
        { "2P", 2, 15, QuantityFormat.DecimalSI },
        { "1E", 1, 18, QuantityFormat.DecimalSI },
        { "1E-3", 1, -3, QuantityFormat.DecimalExponent },
        { "1e3", 1, 3, QuantityFormat.DecimalExponent },
        { "1E6", 1, 6, QuantityFormat.DecimalExponent },
        { "1e9", 1, 9, QuantityFormat.DecimalExponent },
        { "1E12", 1, 12, QuantityFormat.DecimalExponent },
        { "1e15", 1, 15, QuantityFormat.DecimalExponent },
        { "1E18", 1, 18, QuantityFormat.DecimalExponent },
        { "1e14", 1, 14, QuantityFormat.DecimalExponent },
        { "1e13", 1, 13, QuantityFormat.DecimalExponent },
        { "100.035k", 100035, 0, QuantityFormat.DecimalSI },
        { "0.001", 1, -3, QuantityFormat.DecimalSI },
        { "0.0005k", 5, -1, QuantityFormat.DecimalSI },
        { "0.005", 5, -3, QuantityFormat.DecimalSI },
        { "0.05", 5, -2, QuantityFormat.DecimalSI },
        { "0.5", 5, -1, QuantityFormat.DecimalSI },
        { "0.00050k", 5, -1, QuantityFormat.DecimalSI },
        { "0.00500", 5, -3, QuantityFormat.DecimalSI },
        { "0.05000", 5, -2, QuantityFormat.DecimalSI },
        { "0.50000", 5, -1, QuantityFormat.DecimalSI },
        { "0.5e0", 5, -1, QuantityFormat.DecimalExponent },
        { "0.5e-1", 5, -2, QuantityFormat.DecimalExponent },
        { "0.5e-2", 5, -3, QuantityFormat.DecimalExponent },
        { "10.035M", 10035, 3, QuantityFormat.DecimalSI },
        { "1.2e3", 12, 2, QuantityFormat.DecimalExponent },
        { "1.3E+6", 13, 5, QuantityFormat.DecimalExponent },
        { "1.40e9", 14, 8, QuantityFormat.DecimalExponent },
        { "1.53E12", 153, 10, QuantityFormat.DecimalExponent },
        { "1.6e15", 16, 14, QuantityFormat.DecimalExponent },
        { "1.7E18", 17, 17, QuantityFormat.DecimalExponent },
        { "9.01", 901, -2, QuantityFormat.DecimalSI },
        { "8.1k", 81, 2, QuantityFormat.DecimalSI },
        { "7.123456M", 7123456, 0, QuantityFormat.DecimalSI },
        { "6.987654321G", 6987654321, 0, QuantityFormat.DecimalSI },
        { "5.444T", 5444, 9, QuantityFormat.DecimalSI },
        { "40.1T", 401, 11, QuantityFormat.DecimalSI },
        { "300.2T", 3002, 11, QuantityFormat.DecimalSI },
        { "2.5P", 25, 14, QuantityFormat.DecimalSI },
        { "1.01E", 101, 16, QuantityFormat.DecimalSI },
        { "3.001n", 4, -9, QuantityFormat.DecimalSI },
        { "1.1E-9", 2, -9, QuantityFormat.DecimalExponent },
        { "0.0000000001", 1, -9, QuantityFormat.DecimalSI },
        { "0.0000000005", 1, -9, QuantityFormat.DecimalSI },
        { "0.00000000050", 1, -9, QuantityFormat.DecimalSI },
        { "0.5e-9", 1, -9, QuantityFormat.DecimalExponent },
        { "0.9n", 1, -9, QuantityFormat.DecimalSI },
        { "0.00000012345", 124, -9, QuantityFormat.DecimalSI },
        { "0.00000012354", 124, -9, QuantityFormat.DecimalSI },
        { "9Ei", long.MaxValue, 0, QuantityFormat.BinarySI },
        { "9223372036854775807Ki", long.MaxValue, 0, QuantityFormat.BinarySI },
        { "12E", 12, 18, QuantityFormat.DecimalSI },
        { "100.035Ki", 10243584, -2, QuantityFormat.BinarySI },
        { "0.5Mi", 524288, 0, QuantityFormat.BinarySI },
        { "0.05Gi", 536870912, -1, QuantityFormat.BinarySI },
        { "0.025Ti", 274877906944, -1, QuantityFormat.BinarySI },
        { "0.000000000001Ki", 2, -9, QuantityFormat.DecimalSI },
        { ".001", 1, -3, QuantityFormat.DecimalSI },
        { ".0001k", 100, -3, QuantityFormat.DecimalSI },
        { "1.", 1, 0, QuantityFormat.DecimalSI },
        { "1.G", 1, 9, QuantityFormat.DecimalSI },
    };

    private static Quantity Expected(long mantissa, int exponent, QuantityFormat format) =>
        new(new BigInteger(mantissa), exponent, format, null);

    [Theory]
    [MemberData(nameof(Table))]
    public void Parses_value_and_format_like_upstream(string input, long mantissa, int exponent, QuantityFormat format)
    {
        var q = Quantity.Parse(input);
        Assert.Equal(Expected(mantissa, exponent, format), q);
        Assert.Equal(format, q.Format);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Negative_inputs_parse_to_the_negated_value(string input, long mantissa, int exponent, QuantityFormat format)
    {
        var q = Quantity.Parse("-" + input);
        Assert.Equal(Expected(mantissa, exponent, format).Negate(), q);
        Assert.Equal(format, q.Format);
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Explicit_plus_sign_changes_nothing(string input, long mantissa, int exponent, QuantityFormat format)
    {
        var q = Quantity.Parse("+" + input);
        Assert.Equal(Expected(mantissa, exponent, format), q);
        Assert.Equal(format, q.Format);
    }

    [Theory]
    [InlineData("1.1.M", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("1+1.0M", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("0.1mi", "unable to parse quantity's suffix")]
    [InlineData("0.1am", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("aoeu", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData(".5i", "unable to parse quantity's suffix")]
    [InlineData("1i", "unable to parse quantity's suffix")]
    [InlineData("-3.01i", "unable to parse quantity's suffix")]
    [InlineData("-3.01e-", "unable to parse quantity's suffix")]
    [InlineData(" 1", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("1 ", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("1e", "unable to parse quantity's suffix")]
    [InlineData("1KiB", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("1Kii", "unable to parse quantity's suffix")]
    [InlineData("1e99999999999999999999", "unable to parse quantity's suffix")]
    [InlineData(".e-10", "unable to parse numeric part of quantity")]
    [InlineData("1\n", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    public void Invalid_inputs_fail_with_upstream_messages(string input, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => Quantity.Parse(input)).Message);
        Assert.False(Quantity.TryParse(input, out _));
    }

    [Fact]
    public void Null_does_not_parse()
    {
        Assert.False(Quantity.TryParse(null, out _));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("-.")]
    [InlineData("000")]
    [InlineData(".e-9")]
    public void Degenerate_numbers_read_as_zero_like_upstream(string input)
    {
        var q = Quantity.Parse(input);
        Assert.True(q.IsZero);
        Assert.Equal("0", q.ToString());
    }

    [Fact]
    public void Huge_and_tiny_exponents_are_cheap_and_exact()
    {
        var huge = Quantity.Parse("1e2000000000");
        Assert.Equal(BigInteger.One, huge.Mantissa);
        Assert.Equal(2000000000, huge.Exponent);
        Assert.Equal("100e1999999998", huge.ToString());
        Assert.True(huge > Quantity.Parse("999E"));

        var tiny = Quantity.Parse("1e-2000000000");
        Assert.Equal("1e-9", tiny.ToString());
        Assert.Equal("1n", Quantity.Parse("0.0000000000000000000001").ToString());
        Assert.Equal(-9, tiny.Exponent);
    }

    [Fact]
    public void Exponent_is_narrowed_to_32_bits_like_upstream()
    {
        Assert.Equal(Quantity.Parse("1"), Quantity.Parse("1e4294967296"));
    }

    [Fact]
    public void Long_inputs_keep_every_digit()
    {
        var q = Quantity.Parse("123456789012345678901234567890.123456789");
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890123456789"), q.Mantissa);
        Assert.Equal(-9, q.Exponent);
        Assert.Equal("123456789012345678901234567890123456789n", q.ToString());
    }
}
