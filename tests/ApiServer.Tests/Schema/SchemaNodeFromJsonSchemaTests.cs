using System.Text.Json.Nodes;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Tests.Schema;

public sealed class SchemaNodeFromJsonSchemaTests
{
    private static SchemaNode Build(string json) => SchemaNode.FromJsonSchema(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void Crd_schema_extensions_are_read()
    {
        var schema = Build("""
            {"type":"object","required":["spec"],"properties":{
              "spec":{"type":"object","properties":{
                "replicas":{"type":"integer","format":"int32"},
                "port":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]},
                "mode":{"type":"string","enum":["Fast","Slow"]},
                "template":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true},
                "items":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name","zone"],
                         "items":{"type":"object","properties":{"name":{"type":"string"},"zone":{"type":"string"}}}},
                "selector":{"type":"object","x-kubernetes-map-type":"atomic","additionalProperties":{"type":"string"}},
                "note":{"type":"string","nullable":true}
              }}
            }}
            """);

        var spec = schema.Properties["spec"];
        Assert.Equal(["spec"], schema.Required);
        Assert.Equal("int32", spec.Properties["replicas"].Format);
        Assert.True(spec.Properties["port"].IntOrString);
        Assert.Equal(SchemaType.Unknown, spec.Properties["port"].Type);
        Assert.Equal(["Fast", "Slow"], spec.Properties["mode"].Enum.Select(value => value.GetString()));
        Assert.True(spec.Properties["template"].EmbeddedResource);
        Assert.True(spec.Properties["template"].PreserveUnknownFields);
        Assert.Equal(ListType.Map, spec.Properties["items"].ListType);
        Assert.Equal(["name", "zone"], spec.Properties["items"].ListMapKeys);
        Assert.Equal(SchemaType.String, spec.Properties["items"].Items!.Properties["zone"].Type);
        Assert.Equal(MapType.Atomic, spec.Properties["selector"].MapType);
        Assert.True(spec.Properties["note"].Nullable);
        Assert.False(spec.Properties["mode"].Nullable);
    }

    [Theory]
    [InlineData("""{"properties":{"a":{}}}""", SchemaType.Object)]
    [InlineData("""{"additionalProperties":{"type":"string"}}""", SchemaType.Object)]
    [InlineData("""{"items":{"type":"string"}}""", SchemaType.Array)]
    [InlineData("""{"type":["string","null"]}""", SchemaType.String)]
    [InlineData("""{}""", SchemaType.Unknown)]
    public void Type_is_declared_or_inferred_from_structure(string json, SchemaType expected) =>
        Assert.Equal(expected, Build(json).Type);

    [Fact]
    public void Additional_properties_true_is_free_form_and_false_is_none()
    {
        Assert.Same(SchemaNode.Unknown, Build("""{"type":"object","additionalProperties":true}""").AdditionalProperties);
        Assert.Null(Build("""{"type":"object","additionalProperties":false}""").AdditionalProperties);
        Assert.Null(Build("""{"type":"object"}""").AdditionalProperties);
    }

    [Fact]
    public void References_in_a_standalone_schema_are_unknown()
    {
        var schema = Build("""{"type":"object","properties":{"x":{"$ref":"#/definitions/X"}}}""");

        Assert.Equal("X", schema.Properties["x"].ReferenceName);
        Assert.True(schema.Properties["x"].PreserveUnknownFields);
    }

    [Fact]
    public void Patch_strategy_combinations_and_unknown_words()
    {
        Assert.Equal(PatchStrategy.Merge | PatchStrategy.RetainKeys, Build("""{"x-kubernetes-patch-strategy":"retainKeys,merge"}""").PatchStrategy);
        Assert.Equal(PatchStrategy.Replace, Build("""{"x-kubernetes-patch-strategy":"replace"}""").PatchStrategy);
        Assert.Equal(PatchStrategy.None, Build("""{"x-kubernetes-patch-strategy":"bogus"}""").PatchStrategy);
        Assert.Equal(PatchStrategy.None, Build("""{}""").PatchStrategy);
    }

    [Fact]
    public void The_input_is_not_retained()
    {
        var json = JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string","enum":["x"]}}}""")!.AsObject();
        var schema = SchemaNode.FromJsonSchema(json);

        json["properties"]!["a"]!["type"] = "integer";
        json["properties"]!["a"]!["enum"]!.AsArray()[0] = "y";

        Assert.Equal(SchemaType.String, schema.Properties["a"].Type);
        Assert.Equal("x", schema.Properties["a"].Enum[0].GetString());
    }
}
