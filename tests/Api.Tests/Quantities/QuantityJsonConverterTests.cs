using System.Text;
using System.Text.Json;
using Cluster.Api.Quantities;

namespace Cluster.Api.Tests.Quantities;

public class QuantityJsonConverterTests
{
    private static readonly QuantityJsonConverter Converter = new();

    private static Quantity Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return Converter.Read(ref reader, typeof(Quantity), JsonSerializerOptions.Default);
    }

    private static string Write(Quantity q)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Converter.Write(writer, q, JsonSerializerOptions.Default);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Theory]
    [InlineData("\" 1\"", "1")]
    [InlineData("\"1 \"", "1")]
    [InlineData("1", "1")]
    [InlineData(" 1", "1")]
    [InlineData("1 ", "1")]
    [InlineData("10", "10")]
    [InlineData("-1", "-1")]
    [InlineData(" -1", "-1")]
    [InlineData("\"100m\"", "100m")]
    [InlineData("\"1.5Gi\"", "1536Mi")]
    [InlineData("0.5", "500m")]
    [InlineData("1e3", "1e3")]
    [InlineData("1.5E3", "1500")]
    [InlineData("null", "0")]
    public void Reads_strings_and_numbers_like_upstream(string json, string expected)
    {
        Assert.Equal(expected, Read(json).ToString());
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Rejects_non_quantities(string json)
    {
        Assert.Throws<JsonException>(() => Read(json));
    }

    [Theory]
    [InlineData("1.5Gi", "\"1536Mi\"")]
    [InlineData("100m", "\"100m\"")]
    [InlineData("0", "\"0\"")]
    [InlineData("1000", "\"1k\"")]
    public void Writes_the_canonical_string(string input, string json)
    {
        Assert.Equal(json, Write(Quantity.Parse(input)));
    }

    [Fact]
    public void Type_is_annotated_with_the_converter()
    {
        var attribute = (System.Text.Json.Serialization.JsonConverterAttribute?)Attribute.GetCustomAttribute(
            typeof(Quantity), typeof(System.Text.Json.Serialization.JsonConverterAttribute));
        Assert.Equal(typeof(QuantityJsonConverter), attribute?.ConverterType);
    }
}
