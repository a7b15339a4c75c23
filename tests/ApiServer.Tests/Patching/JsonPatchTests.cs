using System.Text.Json.Nodes;
using Cluster.ApiServer.Patching;

namespace Cluster.ApiServer.Tests.Patching;

public sealed class JsonPatchTests
{
    private static string Apply(string document, string patch) =>
        JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch))?.ToJsonString() ?? "null";

    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/1","value":1}]""", """{"foo":["bar",1]}""")]
    [InlineData("""{"foo":1}""", """[{"op":"add","path":"/foo","value":null}]""", """{"foo":null}""")]
    [InlineData("""{"foo":1}""", """[{"op":"add","path":"","value":[1]}]""", """[1]""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"replace","path":"/a/0","value":{"x":1}}]""", """{"a":[{"x":1},2]}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a"}]""", """{"a":{"b":1}}""")]
    [InlineData("""{"a":{"b":[1]}}""", """[{"op":"copy","from":"/a/b","path":"/c"},{"op":"add","path":"/c/-","value":2}]""", """{"a":{"b":[1]},"c":[1,2]}""")]
    [InlineData("""{"a/b":1,"m~n":2}""", """[{"op":"replace","path":"/a~1b","value":3},{"op":"remove","path":"/m~0n"}]""", """{"a/b":3}""")]
    [InlineData("""{"~1":1}""", """[{"op":"replace","path":"/~01","value":2}]""", """{"~1":2}""")]
    [InlineData("""{"":{"x":1}}""", """[{"op":"add","path":"//y","value":2}]""", """{"":{"x":1,"y":2}}""")]
    public void Operations_apply_as_in_rfc_6902(string document, string patch, string expected) =>
        Assert.Equal(expected, Apply(document, patch));

    [Theory]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""")]
    [InlineData("""{"a":{"x":1,"y":[1.0,{"z":null}]}}""", """[{"op":"test","path":"/a","value":{"y":[1,{"z":null}],"x":1e0}}]""")]
    [InlineData("""{"a":1}""", """[{"op":"test","path":"","value":{"a":1}}]""")]
    [InlineData("""{"a":1}""", """[{"op":"test","path":"/missing","value":null}]""")]
    public void Passing_tests_leave_the_document_unchanged(string document, string patch) =>
        Assert.Equal(JsonNode.Parse(document)!.ToJsonString(), Apply(document, patch));

    [Theory]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("""{"a":1}""", """[{"op":"test","path":"/a","value":"1"}]""")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"test","path":"/a","value":[2,1]}]""")]
    [InlineData("""{"a":1}""", """[{"op":"test","path":"/missing","value":1}]""")]
    [InlineData("""{"a":1}""", """[{"op":"remove","path":"/b"}]""")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/b/c","value":1}]""")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/2","value":1}]""")]
    [InlineData("""{"a":[1]}""", """[{"op":"add","path":"/a/01","value":1}]""")]
    [InlineData("""{"a":[1]}""", """[{"op":"replace","path":"/a/1","value":1}]""")]
    [InlineData("""{"a":[1]}""", """[{"op":"remove","path":"/a/-"}]""")]
    [InlineData("""{"a":"s"}""", """[{"op":"add","path":"/a/b","value":1}]""")]
    [InlineData("""{"a":1}""", """[{"op":"move","from":"/x","path":"/y"}]""")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""")]
    [InlineData("""{"a":1}""", """[{"op":"copy","from":"/x","path":"/y"}]""")]
    [InlineData("""{"a":1}""", """[{"op":"remove","path":""}]""")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"a","value":1}]""")]
    [InlineData("""{"a":1}""", """[{"op":"jump","path":"/a"}]""")]
    [InlineData("""{"a":1}""", """[{"path":"/a","value":1}]""")]
    [InlineData("""{"a":1}""", """[{"op":"add","value":1}]""")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/b"}]""")]
    [InlineData("""{"a":1}""", """[{"op":"move","path":"/b"}]""")]
    public void Operations_that_do_not_apply_are_invalid(string document, string patch)
    {
        var error = Assert.Throws<PatchException>(() => Apply(document, patch));

        Assert.Equal(PatchErrorKind.Invalid, error.Kind);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Theory]
    [InlineData("""{"op":"add","path":"/a","value":1}""")]
    [InlineData("""[1]""")]
    [InlineData("""[{"op":"add","path":"/a","value":1},"x"]""")]
    [InlineData("""null""")]
    public void Patches_that_are_not_arrays_of_objects_are_bad_requests(string patch)
    {
        var error = Assert.Throws<PatchException>(() => Apply("{}", patch));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
    }

    [Fact]
    public void Replace_of_a_missing_member_adds_it_like_kube_apiserver() =>
        Assert.Equal("""{"metadata":{"annotations":{"a":"b"}}}""",
            Apply("""{"metadata":{}}""", """[{"op":"replace","path":"/metadata/annotations","value":{"a":"b"}}]"""));

    [Fact]
    public void A_failing_operation_aborts_the_whole_patch_and_leaves_the_input_untouched()
    {
        var document = JsonNode.Parse("""{"a":1}""");
        var patch = JsonNode.Parse("""[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":3}]""");

        Assert.Throws<PatchException>(() => JsonPatch.Apply(document, patch));
        Assert.Equal("""{"a":1}""", document!.ToJsonString());
    }

    [Fact]
    public void Inputs_are_not_shared_with_the_result()
    {
        var document = JsonNode.Parse("""{"a":{"b":1}}""");
        var patch = JsonNode.Parse("""[{"op":"add","path":"/c","value":{"d":1}}]""");

        var result = JsonPatch.Apply(document, patch)!;
        result["a"]!["b"] = 5;
        result["c"]!["d"] = 5;

        Assert.Equal("""{"a":{"b":1}}""", document!.ToJsonString());
        Assert.Equal("""[{"op":"add","path":"/c","value":{"d":1}}]""", patch!.ToJsonString());
    }

    [Fact]
    public void Too_many_operations_are_refused()
    {
        var operations = new JsonArray();
        for (var i = 0; i <= JsonPatch.MaxOperations; i++)
        {
            operations.Add(new JsonObject { ["op"] = "test", ["path"] = "" , ["value"] = null });
        }

        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(new JsonObject(), operations));

        Assert.Equal(PatchErrorKind.TooLarge, error.Kind);
    }

    [Fact]
    public void Kubectl_rollout_undo_body_replaces_template_and_annotations()
    {
        const string deployment = """
            {"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"4","note":"x"}},
             "spec":{"replicas":2,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}
            """;
        const string patch = """
            [{"op":"replace","path":"/spec/template","value":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.27","resources":{}}]}}},
             {"op":"replace","path":"/metadata/annotations","value":{"deployment.kubernetes.io/revision":"3"}}]
            """;

        var result = JsonNode.Parse(Apply(deployment, patch))!;

        Assert.Equal("nginx:1.27", (string?)result["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        Assert.Equal("""{"deployment.kubernetes.io/revision":"3"}""", result["metadata"]!["annotations"]!.ToJsonString());
        Assert.Equal(2, (int?)result["spec"]!["replicas"]);
    }
}
