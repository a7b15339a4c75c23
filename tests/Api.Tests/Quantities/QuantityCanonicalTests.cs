using System.Numerics;
using Cluster.Api.Quantities;

namespace Cluster.Api.Tests.Quantities;

public class QuantityCanonicalTests
{
    // Upstream TestQuantityString: a value (mantissa x 10^exponent) and format, its canonical form, and an
    // alternative spelling that must canonicalize to the same string.
    public static TheoryData<long, int, QuantityFormat, string, string> Table() => new()
    {
        { 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI, "1Gi", "1024Mi" },
        { 300 * 1024 * 1024, 0, QuantityFormat.BinarySI, "300Mi", "307200Ki" },
        { 6 * 1024, 0, QuantityFormat.BinarySI, "6Ki", "" },
        { 1001L * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI, "1001Gi", "1025024Mi" },
        { 1024L * 1024 * 1024 * 1024, 0, QuantityFormat.BinarySI, "1Ti", "1024Gi" },
        { 5, 0, QuantityFormat.BinarySI, "5", "5000m" },
        { 500, -3, QuantityFormat.BinarySI, "500m", "0.5" },
        { 1, 9, QuantityFormat.DecimalSI, "1G", "1000M" },
        { 1000, 6, QuantityFormat.DecimalSI, "1G", "0.001T" },
        { 1000000, 3, QuantityFormat.DecimalSI, "1G", "" },
        { 1000000000, 0, QuantityFormat.DecimalSI, "1G", "" },
        { 1, -3, QuantityFormat.DecimalSI, "1m", "1000u" },
        { 80, -3, QuantityFormat.DecimalSI, "80m", "" },
        { 1080, -3, QuantityFormat.DecimalSI, "1080m", "1.08" },
        { 108, -2, QuantityFormat.DecimalSI, "1080m", "1080000000n" },
        { 10800, -4, QuantityFormat.DecimalSI, "1080m", "" },
        { 300, 6, QuantityFormat.DecimalSI, "300M", "" },
        { 1, 12, QuantityFormat.DecimalSI, "1T", "" },
        { 1234567, 6, QuantityFormat.DecimalSI, "1234567M", "" },
        { 1234567, -3, QuantityFormat.BinarySI, "1234567m", "" },
        { 3, 3, QuantityFormat.DecimalSI, "3k", "" },
        { 1025, 0, QuantityFormat.BinarySI, "1025", "" },
        { 0, 0, QuantityFormat.DecimalSI, "0", "" },
        { 0, 0, QuantityFormat.BinarySI, "0", "" },
        { 1, 9, QuantityFormat.DecimalExponent, "1e9", ".001e12" },
        { 1, -3, QuantityFormat.DecimalExponent, "1e-3", "0.001e0" },
        { 1, -9, QuantityFormat.DecimalExponent, "1e-9", "1000e-12" },
        { 80, -3, QuantityFormat.DecimalExponent, "80e-3", "" },
        { 300, 6, QuantityFormat.DecimalExponent, "300e6", "" },
        { 1, 12, QuantityFormat.DecimalExponent, "1e12", "" },
        { 1, 3, QuantityFormat.DecimalExponent, "1e3", "" },
        { 3, 3, QuantityFormat.DecimalExponent, "3e3", "" },
        { 0, 0, QuantityFormat.DecimalExponent, "0", "00" },
        { 1, -9, QuantityFormat.DecimalSI, "1n", "" },
        { 80, -9, QuantityFormat.DecimalSI, "80n", "" },
        { 1080, -9, QuantityFormat.DecimalSI, "1080n", "" },
        { 108, -8, QuantityFormat.DecimalSI, "1080n", "" },
        { 1, -6, QuantityFormat.DecimalSI, "1u", "" },
        { 80, -6, QuantityFormat.DecimalSI, "80u", "" },
        { 1080, -6, QuantityFormat.DecimalSI, "1080u", "" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Values_print_in_canonical_form(long mantissa, int exponent, QuantityFormat format, string canonical, string alternate)
    {
        var q = new Quantity(new BigInteger(mantissa), exponent, format, null);
        Assert.Equal(canonical, q.ToString());
        Assert.Equal(canonical, Quantity.Parse(canonical).ToString());
        Assert.Equal(q, Quantity.Parse(canonical));
        if (alternate.Length != 0)
        {
            Assert.Equal(canonical, Quantity.Parse(alternate).ToString());
        }

        if (mantissa != 0)
        {
            Assert.Equal("-" + canonical, q.Negate().ToString());
        }
    }

    [Theory]
    [InlineData("1Ki", "1Ki")]
    [InlineData("1Mi", "1Mi")]
    [InlineData("1Gi", "1Gi")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1000M", "1G")]
    [InlineData(".001Ki", "1024m")]
    [InlineData(".000001Ki", "1024u")]
    [InlineData(".000000001Ki", "1024n")]
    [InlineData(".000000000001Ki", "2n")]
    [InlineData("1000m", "1")]
    [InlineData("0.5", "500m")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("1.5", "1500m")]
    [InlineData("1536Mi", "1536Mi")]
    [InlineData("2048Ki", "2Mi")]
    [InlineData("1000Ki", "1000Ki")]
    [InlineData("1025Ki", "1025Ki")]
    [InlineData("0.5Ki", "512")]
    [InlineData("5k", "5k")]
    [InlineData("5000", "5k")]
    [InlineData("1e3", "1e3")]
    [InlineData("1000e0", "1e3")]
    [InlineData("12e5", "1200e3")]
    [InlineData("0.1", "100m")]
    [InlineData("0.1m", "100u")]
    [InlineData("100000000000000000000", "100E")]
    [InlineData("1000E", "1e21")]
    [InlineData("5000000E", "5e24")]
    [InlineData("9Ei", "9223372036854775807")]
    [InlineData("123456789012345678901", "123456789012345678901")]
    public void Parse_then_print_gives_the_canonical_form(string input, string canonical)
    {
        Assert.Equal(canonical, Quantity.Parse(input).ToString());
        Assert.Equal("-" + canonical, Quantity.Parse("-" + input).ToString());
        Assert.Equal(canonical, Quantity.Parse(canonical).ToString());
    }

    [Theory]
    [InlineData("100m")]
    [InlineData("1Ki")]
    [InlineData("1e3")]
    [InlineData("1E3")]
    [InlineData("1e+3")]
    [InlineData("+100m")]
    [InlineData("0100m")]
    [InlineData("-5Gi")]
    public void Already_canonical_input_text_is_kept_verbatim_like_upstream(string input)
    {
        Assert.Equal(input, Quantity.Parse(input).ToString());
    }

    [Fact]
    public void Non_canonical_text_is_not_kept()
    {
        Assert.Equal("1k", Quantity.Parse("1000").ToString());
        Assert.Equal("8Ki", Quantity.Parse("8Ki").ToString());
        Assert.Equal("8Mi", Quantity.Parse("8192Ki").ToString());
    }

    [Fact]
    public void WithFormat_reprints_the_same_value()
    {
        var q = Quantity.Parse("1Gi");
        Assert.Equal("1073741824", q.WithFormat(QuantityFormat.DecimalSI).ToString());
        Assert.Equal("1073741824", q.WithFormat(QuantityFormat.DecimalExponent).ToString());
        Assert.Equal("1Gi", Quantity.Parse("1073741824").WithFormat(QuantityFormat.BinarySI).ToString());
        Assert.Equal("1k", Quantity.Parse("1e3").WithFormat(QuantityFormat.DecimalSI).ToString());
    }
}
