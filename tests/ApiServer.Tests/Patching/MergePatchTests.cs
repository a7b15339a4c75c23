using System.Text.Json.Nodes;
using Cluster.ApiServer.Patching;

namespace Cluster.ApiServer.Tests.Patching;

public sealed class MergePatchTests
{
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", """null""", """null""")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Rfc_7386_examples(string target, string patch, string expected) =>
        Assert.Equal(expected, MergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch))?.ToJsonString() ?? "null");

    [Fact]
    public void Nulls_inside_objects_in_new_arrays_are_dropped() =>
        Assert.Equal("""{"a":[{"x":1},null]}""",
            MergePatch.Apply(JsonNode.Parse("{}"), JsonNode.Parse("""{"a":[{"x":1,"y":null},null]}"""))!.ToJsonString());

    [Fact]
    public void Kubectl_scale_and_pause_bodies_apply_to_a_deployment()
    {
        var deployment = JsonNode.Parse("""{"spec":{"replicas":1,"paused":true,"template":{"spec":{}}}}""")!.AsObject();

        var scaled = MergePatch.ApplyToObject(deployment, JsonNode.Parse("""{"spec":{"replicas":3}}"""));
        var resumed = MergePatch.ApplyToObject(scaled, JsonNode.Parse("""{"spec":{"paused":null}}"""));

        Assert.Equal("""{"spec":{"replicas":3,"template":{"spec":{}}}}""", resumed.ToJsonString());
        Assert.Equal("""{"spec":{"replicas":1,"paused":true,"template":{"spec":{}}}}""", deployment.ToJsonString());
    }

    [Theory]
    [InlineData("""[{"op":"add"}]""")]
    [InlineData("""null""")]
    [InlineData("""3""")]
    public void Object_patches_require_a_json_object(string patch)
    {
        var error = Assert.Throws<PatchException>(() => MergePatch.ApplyToObject(new JsonObject(), JsonNode.Parse(patch)));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
    }

    [Fact]
    public void Inputs_are_not_shared_with_the_result()
    {
        var target = JsonNode.Parse("""{"a":{"b":1}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"c":{"d":[1]}}""")!.AsObject();

        var result = MergePatch.ApplyToObject(target, patch);
        result["a"]!["b"] = 2;
        result["c"]!["d"]!.AsArray().Add(2);

        Assert.Equal("""{"a":{"b":1}}""", target.ToJsonString());
        Assert.Equal("""{"c":{"d":[1]}}""", patch.ToJsonString());
    }
}
