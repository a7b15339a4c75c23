using System.Text.Json;
using Cluster.Api.Serialization;

namespace Cluster.Api.Tests.Models;

public sealed class IntOrStringTests
{
    [Theory]
    [InlineData("""{"port":80,"targetPort":8080}""")]
    [InlineData("""{"port":80,"targetPort":"http"}""")]
    [InlineData("""{"port":80,"targetPort":"8080"}""")]
    public void Service_port_target_keeps_its_number_or_string_form(string json)
    {
        var port = JsonSerializer.Deserialize(json, ApiJsonContext.Default.CoreV1ServicePort)!;

        Assert.Equal(json, JsonSerializer.Serialize(port, ApiJsonContext.Default.CoreV1ServicePort));
    }

    [Fact]
    public void Number_form_reads_as_int_and_string_form_as_string()
    {
        var number = JsonSerializer.Deserialize("""{"targetPort":8080}""", ApiJsonContext.Default.CoreV1ServicePort)!.TargetPort!.Value;
        var text = JsonSerializer.Deserialize("""{"targetPort":"8080"}""", ApiJsonContext.Default.CoreV1ServicePort)!.TargetPort!.Value;

        Assert.True(number.IsInt);
        Assert.Equal(8080, number.IntValue);
        Assert.False(text.IsInt);
        Assert.Equal("8080", text.StringValue);
        Assert.NotEqual(number, text);
        Assert.Throws<InvalidOperationException>(() => number.StringValue);
        Assert.Throws<InvalidOperationException>(() => text.IntValue);
    }

    [Theory]
    [InlineData("""{"targetPort":1.5}""")]
    [InlineData("""{"targetPort":4294967296}""")]
    [InlineData("""{"targetPort":true}""")]
    [InlineData("""{"targetPort":{}}""")]
    public void Values_that_are_neither_int32_nor_string_are_rejected(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, ApiJsonContext.Default.CoreV1ServicePort));
    }

    [Theory]
    [InlineData(3, 10, true, 3)]
    [InlineData("25%", 10, true, 3)]
    [InlineData("25%", 10, false, 2)]
    [InlineData("100%", 7, false, 7)]
    [InlineData("0%", 7, true, 0)]
    public void Scaled_value_resolves_integers_and_percentages(object value, int total, bool roundUp, int expected)
    {
        IntOrString intOrString = value is int i ? i : (string)value;

        Assert.Equal(expected, intOrString.GetScaledValue(total, roundUp));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("%")]
    [InlineData("10")]
    public void Scaled_value_of_a_non_percentage_string_is_a_format_error(string value)
    {
        Assert.Throws<FormatException>(() => new IntOrString(value).GetScaledValue(10, roundUp: true));
    }
}
