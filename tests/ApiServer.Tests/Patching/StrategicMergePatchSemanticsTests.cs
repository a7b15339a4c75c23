using System.Text.Json.Nodes;
using Cluster.ApiServer.Patching;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Tests.Patching;

/// <summary>Strategic merge patch rules on a small schema with one field of each patch behaviour.</summary>
public sealed class StrategicMergePatchSemanticsTests
{
    private const string MergeItem = """
        {"type":"object","properties":{"name":{"type":"string"},"value":{"type":"string"},"other":{"type":"string"},
          "mergingIntList":{"type":"array","x-kubernetes-patch-strategy":"merge","items":{"type":"integer"}}}}
        """;

    private static readonly SchemaNode Schema = SchemaNode.FromJsonSchema(JsonNode.Parse("""
        {"type":"object","properties":{
          "mergingList":{"type":"array","x-kubernetes-patch-strategy":"merge","x-kubernetes-patch-merge-key":"name","items":MERGE_ITEM},
          "mergingIntList":{"type":"array","x-kubernetes-patch-strategy":"merge","items":{"type":"integer"}},
          "nonMergingList":{"type":"array","items":MERGE_ITEM},
          "simpleMap":{"type":"object","additionalProperties":{"type":"string"}},
          "replacingItem":{"type":"object","x-kubernetes-patch-strategy":"replace","x-kubernetes-preserve-unknown-fields":true},
          "retainKeysMap":{"type":"object","x-kubernetes-patch-strategy":"retainKeys","properties":{"name":{"type":"string"},"value":{"type":"string"},"other":{"type":"string"}}},
          "retainKeysMergingList":{"type":"array","x-kubernetes-patch-strategy":"merge,retainKeys","x-kubernetes-patch-merge-key":"name","items":MERGE_ITEM}
        }}
        """.Replace("MERGE_ITEM", MergeItem, StringComparison.Ordinal))!.AsObject());

    private static JsonObject Apply(string original, string patch) =>
        StrategicMergePatch.Apply(JsonNode.Parse(original)!.AsObject(), JsonNode.Parse(patch)!.AsObject(), Schema);

    [Theory]
    [InlineData("maps merge", """{"simpleMap":{"a":"1","b":"2"}}""", """{"simpleMap":{"b":"3","c":"4"}}""", """{"simpleMap":{"a":"1","b":"3","c":"4"}}""")]
    [InlineData("null deletes a key", """{"simpleMap":{"a":"1","b":"2"}}""", """{"simpleMap":{"a":null}}""", """{"simpleMap":{"b":"2"}}""")]
    [InlineData("null for a missing key is dropped", """{"a":1}""", """{"b":null,"c":{"d":null,"e":1}}""", """{"a":1,"c":{"e":1}}""")]
    [InlineData("$patch delete empties a map", """{"simpleMap":{"a":"1"}}""", """{"simpleMap":{"$patch":"delete"}}""", """{"simpleMap":{}}""")]
    [InlineData("$patch delete of a missing map adds nothing", """{}""", """{"simpleMap":{"$patch":"delete"}}""", """{}""")]
    [InlineData("$patch replace replaces a map", """{"simpleMap":{"a":"1","b":"2"}}""", """{"simpleMap":{"$patch":"replace","c":"3"}}""", """{"simpleMap":{"c":"3"}}""")]
    [InlineData("$patch replace at the top", """{"a":1,"b":2}""", """{"$patch":"replace","c":3}""", """{"c":3}""")]
    [InlineData("$patch merge is the default", """{"simpleMap":{"a":"1"}}""", """{"simpleMap":{"$patch":"merge","b":"2"}}""", """{"simpleMap":{"a":"1","b":"2"}}""")]
    [InlineData("replace strategy takes the object whole", """{"replacingItem":{"a":1,"b":{"c":1}}}""", """{"replacingItem":{"b":{"d":2}}}""", """{"replacingItem":{"b":{"d":2}}}""")]
    [InlineData("lists without strategy are replaced", """{"nonMergingList":[{"name":"a"},{"name":"b"}]}""", """{"nonMergingList":[{"name":"c","value":null}]}""", """{"nonMergingList":[{"name":"c"}]}""")]
    [InlineData("unknown objects merge", """{"unknown":{"a":1}}""", """{"unknown":{"b":2}}""", """{"unknown":{"a":1,"b":2}}""")]
    [InlineData("unknown lists are replaced", """{"unknown":[1,2]}""", """{"unknown":[3]}""", """{"unknown":[3]}""")]
    [InlineData("a type change takes the patch value", """{"simpleMap":"x","n":{"a":1}}""", """{"simpleMap":{"a":"1"},"n":5}""", """{"simpleMap":{"a":"1"},"n":5}""")]
    [InlineData("keyed elements merge in patch order", """{"mergingList":[{"name":"1"},{"name":"2","value":"b"},{"name":"3"}]}""", """{"mergingList":[{"name":"3","value":"c"},{"name":"1","value":"a"}]}""", """{"mergingList":[{"name":"2","value":"b"},{"name":"3","value":"c"},{"name":"1","value":"a"}]}""")]
    [InlineData("keyed elements merge recursively", """{"mergingList":[{"name":"a","value":"x","mergingIntList":[1]}]}""", """{"mergingList":[{"name":"a","value":null,"other":"y","mergingIntList":[2]}]}""", """{"mergingList":[{"name":"a","other":"y","mergingIntList":[2,1]}]}""")]
    [InlineData("new keyed elements without order come first", """{"mergingList":[{"name":"a"},{"name":"b"}]}""", """{"mergingList":[{"name":"c"}]}""", """{"mergingList":[{"name":"c"},{"name":"a"},{"name":"b"}]}""")]
    [InlineData("$patch delete removes keyed elements", """{"mergingList":[{"name":"1"},{"name":"2"},{"name":"1","value":"dup"}]}""", """{"mergingList":[{"name":"1","$patch":"delete"}]}""", """{"mergingList":[{"name":"2"}]}""")]
    [InlineData("$patch delete of a missing element is fine", """{"mergingList":[{"name":"1"}]}""", """{"mergingList":[{"name":"9","$patch":"delete"}]}""", """{"mergingList":[{"name":"1"}]}""")]
    [InlineData("$patch replace replaces the whole list", """{"mergingList":[{"name":"1"},{"name":"2"}]}""", """{"mergingList":[{"$patch":"replace"},{"name":"3","value":null}]}""", """{"mergingList":[{"name":"3"}]}""")]
    [InlineData("$patch replace alone empties the list", """{"mergingList":[{"name":"1"}]}""", """{"mergingList":[{"$patch":"replace"}]}""", """{"mergingList":[]}""")]
    [InlineData("numbers match as merge keys by value", """{"mergingList":[{"name":80,"value":"x"}]}""", """{"mergingList":[{"name":80.0,"other":"y"}]}""", """{"mergingList":[{"name":80,"value":"x","other":"y"}]}""")]
    [InlineData("scalar merge lists are unioned", """{"mergingIntList":[1,2]}""", """{"mergingIntList":[2,3]}""", """{"mergingIntList":[1,2,3]}""")]
    [InlineData("scalar union keeps patch order", """{"mergingIntList":[1,2,3]}""", """{"mergingIntList":[3,1]}""", """{"mergingIntList":[2,3,1]}""")]
    [InlineData("scalar union drops duplicates", """{"mergingIntList":[1,1,2]}""", """{"mergingIntList":[2,2]}""", """{"mergingIntList":[1,2]}""")]
    [InlineData("$deleteFromPrimitiveList removes values", """{"mergingIntList":[1,2,3,2]}""", """{"$deleteFromPrimitiveList/mergingIntList":[2,9]}""", """{"mergingIntList":[1,3]}""")]
    [InlineData("$deleteFromPrimitiveList on a missing list does nothing", """{}""", """{"$deleteFromPrimitiveList/mergingIntList":[2]}""", """{}""")]
    [InlineData("$setElementOrder orders and deletions apply after it", """{"mergingIntList":[1,2,3]}""", """{"$setElementOrder/mergingIntList":[2,1],"$deleteFromPrimitiveList/mergingIntList":[3]}""", """{"mergingIntList":[2,1]}""")]
    [InlineData("$setElementOrder adds through the patch list", """{"mergingIntList":[1,4,2]}""", """{"$setElementOrder/mergingIntList":[3,1,2],"mergingIntList":[3]}""", """{"mergingIntList":[3,1,4,2]}""")]
    [InlineData("$setElementOrder never adds missing items", """{"mergingIntList":[1,3]}""", """{"$setElementOrder/mergingIntList":[3,2,1]}""", """{"mergingIntList":[3,1]}""")]
    [InlineData("$setElementOrder interleaves server-only items", """{"mergingList":[{"name":"1","other":"a"},{"name":"2"},{"name":"7"},{"name":"9"},{"name":"8"},{"name":"3"},{"name":"4"}]}""", """{"$setElementOrder/mergingList":[{"name":"2"},{"name":"1"},{"name":"4"},{"name":"3"}]}""", """{"mergingList":[{"name":"2"},{"name":"1","other":"a"},{"name":"7"},{"name":"9"},{"name":"8"},{"name":"4"},{"name":"3"}]}""")]
    [InlineData("$setElementOrder with a keyed patch list", """{"mergingList":[{"name":"a","value":"1"},{"name":"b"}]}""", """{"$setElementOrder/mergingList":[{"name":"b"},{"name":"c"},{"name":"a"}],"mergingList":[{"name":"c","value":"3"},{"name":"a","value":"2"}]}""", """{"mergingList":[{"name":"b"},{"name":"c","value":"3"},{"name":"a","value":"2"}]}""")]
    [InlineData("$setElementOrder for a new list", """{}""", """{"$setElementOrder/mergingList":[{"name":"a"}],"mergingList":[{"name":"a","$setElementOrder/mergingIntList":[1],"mergingIntList":[1]},{"name":"x","$patch":"delete"}]}""", """{"mergingList":[{"name":"a","mergingIntList":[1]}]}""")]
    [InlineData("new elements lose their directives", """{"mergingList":[{"name":"a"}]}""", """{"$setElementOrder/mergingList":[{"name":"a"},{"name":"b"}],"mergingList":[{"name":"b","value":null,"$setElementOrder/mergingIntList":[2,1],"mergingIntList":[2,1]}]}""", """{"mergingList":[{"name":"a"},{"name":"b","mergingIntList":[2,1]}]}""")]
    [InlineData("$retainKeys clears unlisted keys of a map", """{"retainKeysMap":{"name":"foo","value":"v"}}""", """{"retainKeysMap":{"$retainKeys":["name","other"],"other":"x"}}""", """{"retainKeysMap":{"name":"foo","other":"x"}}""")]
    [InlineData("$retainKeys in list elements", """{"retainKeysMergingList":[{"name":"foo","value":"a"},{"name":"bar"}]}""", """{"$setElementOrder/retainKeysMergingList":[{"name":"foo"},{"name":"bar"}],"retainKeysMergingList":[{"$retainKeys":["name","other"],"name":"foo","other":"b"}]}""", """{"retainKeysMergingList":[{"name":"foo","other":"b"},{"name":"bar"}]}""")]
    [InlineData("nulls are allowed next to $retainKeys", """{"retainKeysMap":{"name":"foo","value":"v"}}""", """{"retainKeysMap":{"$retainKeys":["name"],"value":null}}""", """{"retainKeysMap":{"name":"foo"}}""")]
    public void Patch_rules(string rule, string original, string patch, string expected)
    {
        Assert.NotEmpty(rule);
        JsonAssert.Equal(expected, Apply(original, patch));
    }

    [Theory]
    [InlineData("""{"a":1}""", """{"$patch":"bogus"}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"a":1}""", """{"$patch":7}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingList":[{"name":"a"}]}""", """{"mergingList":[{"value":"x"}]}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingList":[{"name":"a"}]}""", """{"mergingList":[{"$patch":"delete"}]}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingList":[{"name":"a"}]}""", """{"mergingList":[{"name":"a","$patch":"bogus"}]}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingIntList":[1]}""", """{"mergingIntList":[[1]]}""", PatchErrorKind.Invalid)]
    [InlineData("""{"mergingIntList":[1]}""", """{"mergingIntList":["a"]}""", PatchErrorKind.Invalid)]
    [InlineData("""{"retainKeysMap":{"name":"a"}}""", """{"retainKeysMap":{"$retainKeys":["name"],"value":"x"}}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"retainKeysMap":{"name":"a"}}""", """{"retainKeysMap":{"$retainKeys":"name"}}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingIntList":[1,2]}""", """{"$setElementOrder/mergingIntList":{"a":1}}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingIntList":[1,2]}""", """{"$setElementOrder":[1]}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingIntList":[1,2]}""", """{"$setElementOrder/mergingIntList":[1,2],"mergingIntList":[2,1]}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingIntList":[1,2]}""", """{"$setElementOrder/mergingIntList":[1],"mergingIntList":[3]}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingList":[{"name":"a"}]}""", """{"$setElementOrder/mergingList":[{"value":"a"}]}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingIntList":[1,2]}""", """{"$deleteFromPrimitiveList/mergingIntList":1}""", PatchErrorKind.BadRequest)]
    [InlineData("""{"mergingIntList":[1,2]}""", """{"$deleteFromPrimitiveList":[1]}""", PatchErrorKind.BadRequest)]
    public void Malformed_or_inapplicable_patches_fail(string original, string patch, PatchErrorKind kind)
    {
        var error = Assert.Throws<PatchException>(() => Apply(original, patch));

        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void A_patch_that_is_not_an_object_is_a_bad_request()
    {
        var error = Assert.Throws<PatchException>(
            () => StrategicMergePatch.Apply(new JsonObject(), JsonNode.Parse("[1]"), Schema));

        Assert.Equal(PatchErrorKind.BadRequest, error.Kind);
    }

    [Fact]
    public void Inputs_are_not_modified_or_shared()
    {
        const string originalJson = """{"mergingList":[{"name":"a","value":"1"},{"name":"b"}],"simpleMap":{"k":"v"},"mergingIntList":[1,2]}""";
        const string patchJson = """{"$setElementOrder/mergingList":[{"name":"b"},{"name":"a"},{"name":"c"}],"mergingList":[{"name":"a","value":"2"},{"name":"c","other":"x"}],"simpleMap":{"k":null,"n":"m"},"mergingIntList":[3],"added":{"x":[1]}}""";
        var original = JsonNode.Parse(originalJson)!.AsObject();
        var patch = JsonNode.Parse(patchJson)!.AsObject();

        var result = StrategicMergePatch.Apply(original, patch, Schema);
        result["added"]!["x"]!.AsArray().Add(2);
        result["mergingList"]![2]!["other"] = "changed";

        JsonAssert.Equal(originalJson, original);
        JsonAssert.Equal(patchJson, patch);
        JsonAssert.Equal("""{"mergingList":[{"name":"b"},{"name":"a","value":"2"},{"name":"c","other":"changed"}],"simpleMap":{"n":"m"},"mergingIntList":[3,1,2],"added":{"x":[1,2]}}""", result);
    }

    [Fact]
    public void Long_keyed_lists_merge_every_element()
    {
        const int count = 20_000;
        var original = new JsonObject { ["mergingList"] = new JsonArray() };
        var patchList = new JsonArray();
        var order = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            original["mergingList"]!.AsArray().Add(new JsonObject { ["name"] = $"n{i}", ["value"] = "old" });
            patchList.Add(new JsonObject { ["name"] = $"n{count - 1 - i}", ["other"] = "new" });
            order.Add(new JsonObject { ["name"] = $"n{count - 1 - i}" });
        }

        var patch = new JsonObject { ["$setElementOrder/mergingList"] = order, ["mergingList"] = patchList };

        var merged = StrategicMergePatch.Apply(original, patch, Schema)["mergingList"]!.AsArray();

        Assert.Equal(count, merged.Count);
        Assert.Equal($"n{count - 1}", (string?)merged[0]!["name"]);
        Assert.Equal("n0", (string?)merged[count - 1]!["name"]);
        Assert.All(merged, item => Assert.Equal("old", (string?)item!["value"]));
        Assert.All(merged, item => Assert.Equal("new", (string?)item!["other"]));
    }
}
