using Cluster.Api.Quantities;

namespace Cluster.Api.Tests.Quantities;

public class QuantityValueTests
{
    [Theory]
    [InlineData("1", 1, 1000)]
    [InlineData("100m", 1, 100)]
    [InlineData("1.1", 2, 1100)]
    [InlineData("-1.1", -2, -1100)]
    [InlineData("1n", 1, 1)]
    [InlineData("-1n", -1, -1)]
    [InlineData("1Ki", 1024, 1024000)]
    [InlineData("1.5Gi", 1610612736, 1610612736000)]
    [InlineData("0", 0, 0)]
    [InlineData("1E", 1000000000000000000, long.MaxValue)]
    [InlineData("-1E", -1000000000000000000, long.MinValue)]
    [InlineData("9Ei", long.MaxValue, long.MaxValue)]
    [InlineData("1e100", long.MaxValue, long.MaxValue)]
    [InlineData("250m", 1, 250)]
    [InlineData("1500u", 1, 2)]
    public void Value_and_MilliValue_round_up_and_saturate(string input, long value, long milli)
    {
        var q = Quantity.Parse(input);
        Assert.Equal(value, q.Value());
        Assert.Equal(milli, q.MilliValue());
    }

    [Theory]
    [InlineData(-9, -9, 1)]
    [InlineData(-9, -6, 1)]
    [InlineData(-9, 0, 1)]
    [InlineData(-6, -9, 1000)]
    [InlineData(-3, -9, 1000000)]
    [InlineData(0, -9, 1000000000)]
    [InlineData(0, -3, 1000)]
    [InlineData(2, -2, 10000)]
    public void ScaledValue_converts_between_scales(int fromScale, int toScale, long expected)
    {
        Assert.Equal(expected, Quantity.FromScaled(1, fromScale).ScaledValue(toScale));
    }

    [Theory]
    [InlineData("1Ki", "1024", 0)]
    [InlineData("1G", "1Gi", -1)]
    [InlineData("100m", "1", -1)]
    [InlineData("-1", "0", -1)]
    [InlineData("-2", "-1", -1)]
    [InlineData("1e3", "1k", 0)]
    [InlineData("1E", "1Ei", -1)]
    [InlineData("999E", "1e21", -1)]
    [InlineData("0.5", "500m", 0)]
    [InlineData("1e-2000000000", "0", 1)]
    [InlineData("-1e2000000000", "-1e2000000001", 1)]
    [InlineData("123456789012345678901", "123456789012345678900", 1)]
    public void Comparison_uses_values_only(string left, string right, int sign)
    {
        var a = Quantity.Parse(left);
        var b = Quantity.Parse(right);
        Assert.Equal(sign, Math.Sign(a.CompareTo(b)));
        Assert.Equal(-sign, Math.Sign(b.CompareTo(a)));
        Assert.Equal(sign == 0, a == b);
        Assert.Equal(sign == 0, a.Equals((object)b));
        Assert.Equal(sign < 0, a < b);
        Assert.Equal(sign > 0, a > b);
        Assert.Equal(sign <= 0, a <= b);
        Assert.Equal(sign >= 0, a >= b);
        if (sign == 0)
        {
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }

    [Fact]
    public void Default_is_zero()
    {
        Assert.True(default(Quantity).IsZero);
        Assert.Equal("0", default(Quantity).ToString());
        Assert.Equal(Quantity.Zero, Quantity.Parse("0m"));
        Assert.Equal(0, Quantity.Zero.Sign);
    }

    [Fact]
    public void Add_and_subtract_are_exact_and_keep_the_receiver_format()
    {
        var sum = Quantity.Parse("1Gi").Add(Quantity.Parse("512Mi"));
        Assert.Equal("1536Mi", sum.ToString());
        Assert.Equal("900m", Quantity.Parse("1").Subtract(Quantity.Parse("100m")).ToString());
        Assert.Equal("1Ki", Quantity.Zero.Add(Quantity.Parse("1Ki")).ToString());
        Assert.Equal("-1Ki", Quantity.Zero.Subtract(Quantity.Parse("1Ki")).ToString());
        Assert.Equal(Quantity.Zero, Quantity.Parse("5").Subtract(Quantity.Parse("5")));
        Assert.Equal("1000001k", Quantity.Parse("1G").Add(Quantity.Parse("1k")).ToString());
    }

    [Fact]
    public void Factories_build_the_expected_values()
    {
        Assert.Equal("5Ki", Quantity.FromValue(5 * 1024, QuantityFormat.BinarySI).ToString());
        Assert.Equal("500m", Quantity.FromMilliValue(500, QuantityFormat.DecimalSI).ToString());
        Assert.Equal("12k", Quantity.FromScaled(12, 3).ToString());
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("100m", 0.1)]
    [InlineData("-2Ki", -2048)]
    [InlineData("1n", 0.000000001)]
    [InlineData("1E", 1000000000000000000)]
    public void ToDecimal_is_exact(string input, double expected)
    {
        Assert.Equal((decimal)expected, Quantity.Parse(input).ToDecimal());
        Assert.Equal(expected, Quantity.Parse(input).ToDouble(), 12);
    }

    [Fact]
    public void ToDecimal_throws_when_out_of_range()
    {
        Assert.Throws<OverflowException>(() => Quantity.Parse("1e30").ToDecimal());
        Assert.Equal(decimal.Parse("1234567890123456789.123456789", System.Globalization.CultureInfo.InvariantCulture),
            Quantity.Parse("1234567890123456789.123456789").ToDecimal());
        Assert.Throws<OverflowException>(() => Quantity.Parse("123456789012345678901.123456789").ToDecimal());
    }
}
