using System.Text.Json.Nodes;
using Cluster.ApiServer.CustomResources;

namespace Cluster.ApiServer.Tests.CustomResources;

public class SchemaDefaulterTests
{
    private const string Schema = """
        {"type":"object","properties":{
          "spec":{"type":"object","properties":{
            "size":{"type":"integer","default":1},
            "colour":{"type":"string","default":"red"},
            "note":{"type":"string","nullable":true,"default":"n"},
            "plain":{"type":"string"},
            "limits":{"type":"object","default":{},"properties":{"cpu":{"type":"string","default":"1"}}},
            "ports":{"type":"array","items":{"type":"object","properties":{"protocol":{"type":"string","default":"TCP"}}}},
            "counts":{"type":"array","items":{"type":"integer","default":0}},
            "labels":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"string","default":"x"}}}},
            "unset":{"type":"object","properties":{"deep":{"type":"string","default":"d"}}}}}}}
        """;

    public sealed record Case(string Name, string Spec, string Expected)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new("missing fields get their defaults", "{}", """{"size":1,"colour":"red","note":"n","limits":{"cpu":"1"}}"""),
        new("present values stay", """{"size":5,"colour":"blue","note":"m","limits":{"cpu":"2"}}""", """{"size":5,"colour":"blue","note":"m","limits":{"cpu":"2"}}"""),
        new("a null that is not nullable is defaulted", """{"size":null}""", """{"size":1,"colour":"red","note":"n","limits":{"cpu":"1"}}"""),
        new("a nullable null stays null", """{"note":null}""", """{"note":null,"size":1,"colour":"red","limits":{"cpu":"1"}}"""),
        new("a null without default that is not nullable is dropped", """{"plain":null}""", """{"size":1,"colour":"red","note":"n","limits":{"cpu":"1"}}"""),
        new("list items are defaulted", """{"ports":[{},{"protocol":"UDP"}]}""", """{"ports":[{"protocol":"TCP"},{"protocol":"UDP"}],"size":1,"colour":"red","note":"n","limits":{"cpu":"1"}}"""),
        new("null items get the item default", """{"counts":[3,null]}""", """{"counts":[3,0],"size":1,"colour":"red","note":"n","limits":{"cpu":"1"}}"""),
        new("map values are defaulted", """{"labels":{"a":{}}}""", """{"labels":{"a":{"v":"x"}},"size":1,"colour":"red","note":"n","limits":{"cpu":"1"}}"""),
        new("an absent parent is not created", """{}""", """{"size":1,"colour":"red","note":"n","limits":{"cpu":"1"}}"""),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Defaults_are_applied_as_upstream_applies_them(Case c)
    {
        var obj = (JsonObject)JsonNode.Parse($$"""{"apiVersion":"example.dev/v1","kind":"Widget","metadata":{"name":"w"},"spec":{{c.Spec}}}""")!;
        SchemaDefaulter.Apply(obj, ValidationSchema.Compile((JsonObject)JsonNode.Parse(Schema)!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(c.Expected), obj["spec"]), obj["spec"]!.ToJsonString());
    }

    [Fact]
    public void A_default_is_copied_not_shared()
    {
        var schema = ValidationSchema.Compile((JsonObject)JsonNode.Parse(Schema)!);
        var a = (JsonObject)JsonNode.Parse("""{"spec":{}}""")!;
        var b = (JsonObject)JsonNode.Parse("""{"spec":{}}""")!;
        SchemaDefaulter.Apply(a, schema);
        a["spec"]!["limits"]!["cpu"] = "9";
        SchemaDefaulter.Apply(b, schema);
        Assert.Equal("1", (string?)b["spec"]!["limits"]!["cpu"]);
    }
}
