using System.Text.Json.Nodes;
using Cluster.ApiServer.CustomResources;
using Cluster.ApiServer.Schema;

namespace Cluster.ApiServer.Tests.CustomResources;

public class SchemaPrunerTests
{
    private const string Schema = """
        {"type":"object","properties":{
          "spec":{"type":"object","properties":{
            "size":{"type":"integer"},
            "empty":{"type":"object"},
            "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"known":{"type":"object","properties":{"a":{"type":"string"}}}}},
            "map":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"string"}}}},
            "items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}},
            "port":{"x-kubernetes-int-or-string":true},
            "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object","properties":{"image":{"type":"string"}}}}}}}}}
        """;

    public sealed record Case(string Name, string Spec, string Kept, string[] Dropped)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new("unknown fields go", """{"size":1,"bogus":2}""", """{"size":1}""", ["spec.bogus"]),
        new("an object schema without properties keeps nothing", """{"empty":{"a":1}}""", """{"empty":{}}""", ["spec.empty.a"]),
        new("preserved objects keep unknown fields but prune known ones", """{"free":{"x":{"y":1},"known":{"a":"s","b":1}}}""", """{"free":{"x":{"y":1},"known":{"a":"s"}}}""", ["spec.free.known.b"]),
        new("map values are pruned by their schema", """{"map":{"k":{"v":"1","w":2}}}""", """{"map":{"k":{"v":"1"}}}""", ["spec.map.k.w"]),
        new("list items are pruned", """{"items":[{"name":"a","extra":1}]}""", """{"items":[{"name":"a"}]}""", ["spec.items[0].extra"]),
        new("int-or-string values are left alone", """{"port":"http"}""", """{"port":"http"}""", []),
        new("embedded resources keep apiVersion, kind and metadata", """{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","junk":1},"spec":{"image":"i","x":1},"status":{}}}""",
            """{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"image":"i"}}}""", ["spec.template.metadata.junk", "spec.template.spec.x", "spec.template.status"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fields_the_schema_does_not_declare_are_dropped_and_reported(Case c)
    {
        var obj = (JsonObject)JsonNode.Parse($$"""{"apiVersion":"example.dev/v1","kind":"Widget","metadata":{"name":"w"},"spec":{{c.Spec}}}""")!;
        var result = SchemaPruner.Prune(obj, ValidationSchema.Compile((JsonObject)JsonNode.Parse(Schema)!), ObjectMeta());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(c.Kept), obj["spec"]), obj["spec"]!.ToJsonString());
        Assert.Equal(c.Dropped.Order(), result.UnknownFields.Order());
    }

    [Fact]
    public void Metadata_is_pruned_to_object_meta_and_wrong_types_are_reported()
    {
        var obj = (JsonObject)JsonNode.Parse("""{"apiVersion":"example.dev/v1","kind":"Widget","metadata":{"name":"w","colour":"red","labels":{"a":1}},"top":1}""")!;
        var result = SchemaPruner.Prune(obj, ValidationSchema.Compile((JsonObject)JsonNode.Parse(Schema)!), ObjectMeta());
        Assert.Null(obj["metadata"]!["colour"]);
        Assert.Null(obj["top"]);
        Assert.Equal(["metadata.colour", "top"], result.UnknownFields.Order());
        Assert.Contains(result.TypeErrors, e => e.Contains("metadata.labels.a", StringComparison.Ordinal));
    }

    private static SchemaNode ObjectMeta() => RepositorySchemas.Catalog.ByName("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")!;
}
