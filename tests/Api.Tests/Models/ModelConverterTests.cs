using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Api.Apps.V1;
using Cluster.Api.Core.V1;

namespace Cluster.Api.Tests.Models;

/// <summary>Edge cases of the generated model converters.</summary>
public sealed class ModelConverterTests
{
    [Fact]
    public void Null_members_are_read_as_absent_and_omitted()
    {
        var pod = JsonSerializer.Deserialize("""{"kind":"Pod","metadata":null,"spec":{"containers":null,"nodeName":null}}""", Pod.JsonTypeInfo)!;

        Assert.Null(pod.Metadata);
        Assert.Equal("""{"kind":"Pod","spec":{}}""", JsonSerializer.Serialize(pod, Pod.JsonTypeInfo));
    }

    [Theory]
    [InlineData("""{"metadata":"web"}""")]
    [InlineData("""{"spec":{"replicas":"3"}}""")]
    [InlineData("""{"spec":{"replicas":3.5}}""")]
    [InlineData("""{"spec":{"paused":"true"}}""")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":{"name":"c"}}}}}""")]
    [InlineData("""{"metadata":{"labels":["a"]}}""")]
    [InlineData("""{"metadata":{"labels":{"a":1}}}""")]
    [InlineData("""[]""")]
    public void Values_of_the_wrong_json_type_are_rejected(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, Deployment.JsonTypeInfo));
    }

    [Fact]
    public void Escaped_member_names_are_recognised_and_the_last_duplicate_wins()
    {
        var pod = JsonSerializer.Deserialize("""{"\u006bind":"Pod","metadata":{"name":"a","name":"b"}}""", Pod.JsonTypeInfo)!;

        Assert.Equal("Pod", pod.Kind);
        Assert.Equal("b", pod.Metadata!.Name);
    }

    [Fact]
    public void Null_list_elements_are_kept()
    {
        var json = """{"name":"c","args":["a",null,"b"]}""";

        var container = JsonSerializer.Deserialize(json, Serialization.ApiJsonContext.Default.CoreV1Container)!;

        AssertSameJson(json, JsonSerializer.Serialize(container, Serialization.ApiJsonContext.Default.CoreV1Container));
    }

    [Fact]
    public async Task Objects_stream_in_and_out_through_small_buffers()
    {
        var json = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"500m","memory":"128Mi"}}}]}}}}""";
        var options = new JsonSerializerOptions(Deployment.JsonTypeInfo.Options) { DefaultBufferSize = 16 };
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Deployment>)options.GetTypeInfo(typeof(Deployment));

        await using var input = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var deployment = await JsonSerializer.DeserializeAsync(input, typeInfo);
        await using var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, deployment!, typeInfo);

        AssertSameJson(json, Encoding.UTF8.GetString(output.ToArray()));
    }

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {expected}\n got {actual}");
}
