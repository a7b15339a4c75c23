using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Serialization;

namespace Cluster.Api.Tests.Models;

public sealed class ResourceQuantityTests
{
    [Theory]
    [InlineData("500m")]
    [InlineData("128Mi")]
    [InlineData("1")]
    [InlineData("0.5")]
    [InlineData(".5")]
    [InlineData("1.5Gi")]
    [InlineData("1000000000n")]
    [InlineData("1e3")]
    [InlineData("2E-3")]
    [InlineData("+1k")]
    [InlineData("1024Mi")]
    public void Quantity_strings_come_back_unchanged(string quantity)
    {
        var json = $$$"""{"limits":{"cpu":"{{{quantity}}}"}}""";

        var requirements = JsonSerializer.Deserialize(json, ApiJsonContext.Default.CoreV1ResourceRequirements)!;

        var written = JsonNode.Parse(JsonSerializer.Serialize(requirements, ApiJsonContext.Default.CoreV1ResourceRequirements))!;

        Assert.Equal(quantity, requirements.Limits!["cpu"].Value);
        Assert.Equal(quantity, (string?)written["limits"]!["cpu"]);
        Assert.Single(written.AsObject());
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("0.25", "0.25")]
    [InlineData("2e3", "2e3")]
    public void Json_number_is_kept_as_its_literal_text_and_written_as_a_string(string number, string expected)
    {
        var requirements = JsonSerializer.Deserialize($$$"""{"requests":{"cpu":{{{number}}}}}""", ApiJsonContext.Default.CoreV1ResourceRequirements)!;

        Assert.Equal(expected, requirements.Requests!["cpu"].Value);
        Assert.Equal($$$"""{"requests":{"cpu":"{{{expected}}}"}}""", JsonSerializer.Serialize(requirements, ApiJsonContext.Default.CoreV1ResourceRequirements));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mi")]
    [InlineData("1.2.3")]
    [InlineData("12MiB")]
    [InlineData("1 Gi")]
    [InlineData("1e")]
    [InlineData("-")]
    public void Malformed_quantities_are_rejected(string quantity)
    {
        Assert.False(ResourceQuantity.IsWellFormed(quantity));
        Assert.Throws<FormatException>(() => new ResourceQuantity(quantity));
        Assert.ThrowsAny<JsonException>(() =>
            JsonSerializer.Deserialize($$$"""{"limits":{"cpu":"{{{quantity}}}"}}""", ApiJsonContext.Default.CoreV1ResourceRequirements));
    }

    [Fact]
    public void Equality_is_textual_and_default_reads_as_zero()
    {
        Assert.Equal(new ResourceQuantity("1"), (ResourceQuantity)"1");
        Assert.NotEqual(new ResourceQuantity("1"), new ResourceQuantity("1000m"));
        Assert.Equal("0", default(ResourceQuantity).Value);
    }

    [Fact]
    public void Single_quantity_property_is_optional_and_round_trips()
    {
        var source = JsonSerializer.Deserialize("""{"medium":"Memory","sizeLimit":"64Mi"}""", ApiJsonContext.Default.CoreV1EmptyDirVolumeSource)!;
        var empty = JsonSerializer.Deserialize("""{"medium":"Memory"}""", ApiJsonContext.Default.CoreV1EmptyDirVolumeSource)!;

        Assert.Equal("64Mi", source.SizeLimit!.Value.Value);
        Assert.Null(empty.SizeLimit);
        Assert.Equal("""{"medium":"Memory"}""", JsonSerializer.Serialize(empty, ApiJsonContext.Default.CoreV1EmptyDirVolumeSource));
    }
}
